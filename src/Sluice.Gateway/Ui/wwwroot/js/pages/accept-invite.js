import { acceptInvite, checkInvite } from '../api.js';
import { h, field, replace } from '../dom.js';
import { showProblems } from '../problems.js';

export async function render(main, { query }) {
  const token = query.get('token') ?? '';
  const error = h('div', { class: 'banner error', role: 'alert', hidden: true });
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true, minlength: 12 });
  const confirm = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const form = h('form', {
    class: 'stack',
    novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      if (password.value !== confirm.value) {
        error.hidden = false;
        replace(error, 'The two passwords differ.');
        confirm.focus();
        return;
      }
      try {
        const signedIn = await acceptInvite(token, password.value);
        if (signedIn) {
          window.dispatchEvent(new Event('sluice:signed-in'));
        } else {
          replace(card, h('h1', null, 'Your account is ready'), h('p', null, 'Sign in with your email and new password.'),
            h('a', { class: 'btn primary', href: '#/signin' }, 'Go to sign in'));
        }
      } catch (e) {
        error.hidden = false;
        replace(error, e.message);
        showProblems(form, e.details);
      }
    },
  },
  field('New password', password, { path: 'password', hint: 'At least 12 characters.' }),
  field('Repeat the password', confirm),
  h('button', { type: 'submit', class: 'btn primary' }, 'Set password and sign in'));

  const card = h('section', { class: 'card narrow' },
    h('h1', null, 'Accept your invitation'),
    token ? null : h('p', { class: 'banner error', role: 'alert' }, 'This link has no invitation token. Open the link from your invitation again.'),
    error,
    form);
  main.append(card);

  // Say whose invitation this is, or why it cannot be used, before a password is typed.
  const check = token ? await checkInvite(token) : null;
  if (check?.valid && check.email) {
    form.before(h('p', { class: 'muted' }, 'Choose a password for ', h('strong', null, check.email), '.'));
  } else if (check && !check.valid) {
    error.hidden = false;
    replace(error, check.message ?? 'This invitation cannot be used.');
    form.hidden = true;
  }
}

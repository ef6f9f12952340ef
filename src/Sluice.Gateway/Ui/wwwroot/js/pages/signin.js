import { auth, login, loginWithKey } from '../api.js';
import { h, field, replace } from '../dom.js';

export function render(main) {
  const error = h('div', { class: 'banner error', role: 'alert', hidden: true });
  const showError = (e) => {
    error.hidden = false;
    replace(error, e.message);
  };
  const done = () => window.dispatchEvent(new Event('sluice:signed-in'));

  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const passwordForm = h('form', {
    class: 'stack',
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      busy(passwordForm, true);
      try {
        if (await login(email.value.trim(), password.value)) done();
      } catch (e) {
        showError(e);
      } finally {
        busy(passwordForm, false);
      }
    },
  },
  field('Email', email),
  field('Password', password),
  h('button', { type: 'submit', class: 'btn primary' }, 'Sign in'));

  const key = h('input', { type: 'password', name: 'api_key', autocomplete: 'off', spellcheck: 'false', required: true });
  const keyForm = h('form', {
    class: 'stack', id: 'key-form', hidden: auth.sessionsSupported,
    onsubmit: async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      busy(keyForm, true);
      try {
        if (await loginWithKey(key.value.trim())) done();
      } catch (e) {
        showError(e);
      } finally {
        busy(keyForm, false);
      }
    },
  },
  field('API key', key, { hint: 'A personal access token or a virtual account token.' }),
  h('button', { type: 'submit', class: 'btn primary' }, 'Sign in with API key'));

  const toggle = h('button', {
    type: 'button', class: 'btn link', 'aria-controls': 'key-form', 'aria-expanded': String(!keyForm.hidden),
    onclick: () => {
      keyForm.hidden = !keyForm.hidden;
      toggle.setAttribute('aria-expanded', String(!keyForm.hidden));
      if (!keyForm.hidden) key.focus();
    },
  }, 'Use an API key');

  main.append(h('section', { class: 'card narrow' },
    h('h1', null, 'Sign in to Sluice'),
    error,
    passwordForm,
    h('div', { class: 'divider' }, h('span', null, 'or')),
    toggle,
    keyForm));
}

function busy(form, on) {
  for (const el of form.elements) el.disabled = on;
  form.setAttribute('aria-busy', String(on));
}

// Access > Users: invite (a one-time link to set a password), deactivate and activate, make or stop being tenant admin.
import { auth, listUsers, inviteUser, updateUser } from '../api.js';
import { h, field, replace, formatTime } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { accessHead, stackable, errorBanner, showError, copyField, busy } from './access-common.js';

export async function render(main) {
  const error = errorBanner();
  const invited = h('div', { class: 'invite-result', hidden: true });
  const tableWrap = h('div', { class: 'panel table-wrap' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'off', required: true });
  const inviteForm = h('form', {
    class: 'inline-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearProblems(inviteForm);
      showError(error, null);
      if (email.value.trim() === '') {
        showProblems(inviteForm, [{ path: 'email', message: 'Enter the email address of the person to invite.' }]);
        return;
      }
      await busy(inviteForm, async () => {
        try {
          const answer = await inviteUser(email.value.trim());
          showInvite(answer);
          email.value = '';
          await load();
        } catch (e) {
          if (showProblems(inviteForm, e.details).length > 0 || e.details.length === 0) showError(error, e);
        }
      });
    },
  },
  field('Email', email, { path: 'email' }),
  h('button', { type: 'submit', class: 'btn primary' }, 'Invite'));

  main.append(
    accessHead('users', 'Users', 'People who sign in to this gateway. An invited user sets a password from a one-time link, valid 3 days.'),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'invite-heading' },
      h('h2', { id: 'invite-heading' }, 'Invite a user'), inviteForm, invited),
    h('h2', null, 'All users'),
    tableWrap);
  await load();

  function showInvite(answer) {
    invited.hidden = false;
    const link = new URL(answer.invite_url, location.origin).href;
    replace(invited,
      h('p', { class: 'status ok' }, 'Invitation for ', h('strong', null, answer.email), ' created, valid until ', formatTime(answer.expires_at),
        '. Send this link to them: it works once.'),
      copyField('Invitation link', link));
  }

  async function load() {
    let users;
    try {
      users = await listUsers();
    } catch (e) {
      replace(tableWrap, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    const me = auth.user?.email ?? auth.user?.name;
    replace(tableWrap, stackable(h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Users'),
      h('thead', null, h('tr', null, ['Email', 'Status', 'Role', 'Added', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, users.map(u => row(u, u.email === me))))));
  }

  function row(u, self) {
    const actions = h('td', { class: 'actions' });
    // The API refuses to lock yourself out (self_lockout): those buttons are not offered on your own row.
    if (!self) {
      actions.append(
        h('button', {
          type: 'button', class: 'btn small', 'aria-label': `${u.tenant_admin ? 'Remove tenant admin from' : 'Make tenant admin:'} ${u.email}`,
          dataset: { action: 'tenant-admin' }, onclick: () => change(u, { tenant_admin: !u.tenant_admin }, 'tenant-admin'),
        }, u.tenant_admin ? 'Remove tenant admin' : 'Make tenant admin'),
        h('button', {
          type: 'button', class: u.active ? 'btn small danger ghost' : 'btn small', 'aria-label': `${u.active ? 'Deactivate' : 'Activate'} ${u.email}`,
          dataset: { action: 'active' }, onclick: () => change(u, { active: !u.active }, 'active'),
        }, u.active ? 'Deactivate' : 'Activate'));
    }
    if (!self && u.active && !u.has_password && u.email.includes('@')) {
      actions.append(h('button', {
        type: 'button', class: 'btn small ghost', 'aria-label': `New invitation link for ${u.email}`,
        onclick: async () => {
          try {
            showInvite(await inviteUser(u.email));
            invited.querySelector('input')?.focus();
          } catch (e) {
            showError(error, e);
          }
        },
      }, 'New invitation link'));
    }
    if (self) actions.append(h('span', { class: 'muted small' }, 'You'));
    return h('tr', { class: u.active ? null : 'inactive', dataset: { email: u.email } },
      h('td', null, u.email),
      h('td', null, u.active ? (u.has_password ? 'Active' : 'Active, no password yet') : 'Deactivated'),
      h('td', null, u.tenant_admin ? h('span', { class: 'tag' }, 'tenant admin') : 'user'),
      h('td', { class: 'nowrap' }, formatTime(u.created_at)),
      actions);
  }

  async function change(u, changes, action) {
    showError(error, null);
    try {
      await updateUser(u.email, changes);
    } catch (e) {
      showError(error, e);
    }
    await load();
    // The table was redrawn: keep keyboard users on the row they acted on.
    tableWrap.querySelector(`tr[data-email="${CSS.escape(u.email)}"] button[data-action="${action}"]`)?.focus();
  }
}

// Collaborators of a provider account or virtual-model group: users, teams and virtual accounts from the directory,
// each with the Manager (provider-account-manager) or User (provider-account-access) role. Used by the account form
// (saved with the account) and the account page (saved on its own).
import { h, replace, uid } from '../dom.js';

export const ROLES = [
  ['provider-account-manager', 'Manager', 'may edit the account, its models and collaborators, and test it'],
  ['provider-account-access', 'User', 'may call its models'],
];
const ROLE_LABEL = Object.fromEntries(ROLES.map(([id, label]) => [id, label]));

export function roleLabel(roleId) {
  return ROLE_LABEL[roleId] ?? roleId;
}

/** "user:a@b.c" → "a@b.c (user)": who a subject is, in words. */
export function describeSubject(subject) {
  const [kind, ...rest] = String(subject).split(':');
  const name = rest.join(':');
  const what = { user: 'user', team: 'team', virtualaccount: 'virtual account' }[kind];
  return what && name ? `${name} (${what})` : subject;
}

/**
 * An editable list. `dir` is {users, teams, virtualAccounts} (may be empty when the caller cannot list them: then
 * subjects are typed). Returns {element, value(), onChange(fn)}.
 */
export function collaboratorsEditor(initial, dir, { readOnly = false } = {}) {
  const items = (initial ?? []).map(c => ({ subject: c.subject, role_id: c.role_id }));
  const listeners = [];
  const list = h('ul', { class: 'collab-list', 'aria-label': 'Collaborators', 'aria-live': 'polite' });
  const element = h('div', { class: 'collaborators', dataset: { path: 'collaborators' } }, list, h('div', { class: 'errors' }));

  const options = [
    ...(dir.users ?? []).filter(u => u.active !== false).map(u => ['user:' + (u.email ?? u.name), `${u.email ?? u.name} (user)`]),
    ...(dir.teams ?? []).map(t => ['team:' + t.name, `${t.name} (team)`]),
    ...(dir.virtualAccounts ?? []).map(v => ['virtualaccount:' + v.name, `${v.name} (virtual account)`]),
  ];
  if (!options.some(([v]) => v === 'team:everyone')) options.push(['team:everyone', 'everyone (team: every user)']);

  function render() {
    if (items.length === 0) {
      replace(list, h('li', { class: 'empty' }, 'No collaborators: only tenant admins can use this account.'));
    } else {
      replace(list, items.map((c, i) => {
        const role = h('select', { 'aria-label': `Role of ${c.subject}`, disabled: readOnly },
          ROLES.map(([id, label]) => h('option', { value: id, selected: id === c.role_id }, label)));
        role.addEventListener('change', () => {
          c.role_id = role.value;
          changed(false);
        });
        return h('li', { class: 'collab-item', dataset: { path: `collaborators[${i}]` } },
          h('span', { class: 'collab-subject' }, describeSubject(c.subject)),
          role,
          readOnly ? null : h('button', {
            type: 'button', class: 'btn ghost small', 'aria-label': `Remove ${c.subject}`,
            onclick: () => {
              items.splice(i, 1);
              changed(true);
            },
          }, 'Remove'),
          h('div', { class: 'errors' }));
      }));
    }
  }

  function changed(rerender) {
    if (rerender) render();
    for (const fn of listeners) fn();
  }

  if (!readOnly) {
    const listId = uid('dir');
    const who = h('input', { type: 'text', id: uid(), list: listId, autocomplete: 'off', spellcheck: 'false', placeholder: 'user:alice@example.com or team:platform' });
    const whoHint = uid('hint');
    who.setAttribute('aria-describedby', whoHint);
    const role = h('select', { id: uid() }, ROLES.map(([id, label, what]) => h('option', { value: id }, `${label}: ${what}`)));
    const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const add = () => {
      error.hidden = true;
      let subject = who.value.trim();
      // A bare email is a user; a bare word picked from the list is already prefixed.
      if (subject && !subject.includes(':')) subject = subject.includes('@') ? 'user:' + subject : 'team:' + subject;
      if (!/^(user|team|virtualaccount):.+/.test(subject)) {
        error.hidden = false;
        error.textContent = 'Name a user (user:EMAIL), a team (team:NAME) or a virtual account (virtualaccount:NAME).';
        who.focus();
        return;
      }
      const existing = items.find(c => c.subject === subject);
      if (existing) existing.role_id = role.value;
      else items.push({ subject, role_id: role.value });
      who.value = '';
      changed(true);
      who.focus();
    };
    who.addEventListener('keydown', ev => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        add();
      }
    });
    element.append(h('div', { class: 'collab-add' },
      h('div', { class: 'field' }, h('label', { for: who.id }, 'User or team'), who,
        h('p', { class: 'hint', id: whoHint }, options.length > 1 ? 'Pick from the directory or type user:EMAIL, team:NAME, virtualaccount:NAME.' : 'Type user:EMAIL, team:NAME or virtualaccount:NAME.')),
      h('datalist', { id: listId }, options.map(([value, label]) => h('option', { value }, label))),
      h('div', { class: 'field' }, h('label', { for: role.id }, 'Role'), role),
      h('div', { class: 'collab-add-button' }, h('button', { type: 'button', class: 'btn', onclick: add }, 'Add collaborator')),
      error));
  }

  render();
  return {
    element,
    value: () => items.map(c => ({ subject: c.subject, role_id: c.role_id })),
    onChange: fn => listeners.push(fn),
  };
}

// Access > API keys: create (the secret is shown once, with a copy button), list and revoke. Everyone manages their
// own keys; a tenant admin sees everyone's and can make keys for other users and for virtual accounts.
import { auth, listTokens, createToken, revokeToken, listUsers, listVirtualAccounts } from '../api.js';
import { h, field, replace, formatTime } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { accessHead, stackable, errorBanner, showError, copyField, busy } from './access-common.js';

function status(key) {
  if (key.revoked_at) return ['revoked', `Revoked ${formatTime(key.revoked_at)}`];
  if (key.expires_at && new Date(key.expires_at) <= new Date()) return ['expired', `Expired ${formatTime(key.expires_at)}`];
  return ['active', key.expires_at ? `Active until ${formatTime(key.expires_at)}` : 'Active'];
}

export async function render(main, { query }) {
  const admin = auth.user?.tenant_admin === true;
  // Personal keys belong to users: a virtual account signed in with its key can list and revoke, not create.
  const canCreate = auth.user?.kind !== 'virtual_account';
  const ownerFilter = query.get('owner') ?? '';
  const error = errorBanner();
  const created = h('section', { class: 'panel new-key', hidden: true, 'aria-labelledby': 'new-key-heading' });
  const tableWrap = h('div', { class: 'panel table-wrap' });

  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off', required: true, maxLength: 128 });
  const expires = h('input', { type: 'date', name: 'expires_at' });
  const owner = admin ? h('select', { name: 'owner' }, h('option', { value: '' }, 'Me')) : null;
  const form = h('form', {
    class: 'inline-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearProblems(form);
      showError(error, null);
      await busy(form, async () => {
        const [kind, ...rest] = (owner?.value ?? '').split(':');
        const who = rest.join(':');
        let key;
        try {
          key = await createToken({
            name: name.value.trim(),
            expires_at: expires.value ? `${expires.value}T00:00:00Z` : undefined,
            user: kind === 'user' ? who : undefined,
            virtual_account: kind === 'virtualaccount' ? who : undefined,
          });
        } catch (e) {
          if (showProblems(form, e.details).length > 0 || e.details.length === 0) showError(error, e);
          return;
        }
        name.value = '';
        expires.value = '';
        showCreated(key);
        await load();
      });
    },
  },
  field('Key name', name, { path: 'name', hint: 'What the key is for, e.g. "laptop" or "ci".' }),
  field('Expires on (optional)', expires, { path: 'expires_at', hint: 'A UTC date; leave empty for a key that does not expire.' }),
  owner ? field('For', owner, { path: 'user' }) : null,
  h('button', { type: 'submit', class: 'btn primary' }, 'Create key'));

  main.append(
    accessHead('keys', 'API keys', admin
      ? 'Keys for the OpenAI and Anthropic APIs (and the admin API). You see everyone\'s keys; a key acts as its owner.'
      : 'Your keys for the OpenAI and Anthropic APIs. A key acts as you: keep it secret, revoke it when it leaks.'),
    error,
    created,
    canCreate ? h('section', { class: 'panel', 'aria-labelledby': 'create-key-heading' }, h('h2', { id: 'create-key-heading' }, 'New key'), form) : '',
    h('h2', null, admin && ownerFilter ? `Keys of ${ownerFilter}` : admin ? 'All keys' : 'Your keys'),
    h('p', { hidden: !(admin && ownerFilter) }, h('a', { href: '#/access/keys' }, 'Show every key')),
    tableWrap);

  if (owner) await fillOwners();
  await load();

  async function fillOwners() {
    const [users, accounts] = await Promise.all([listUsers().catch(() => []), listVirtualAccounts().catch(() => [])]);
    const me = auth.user?.email;
    owner.append(
      h('optgroup', { label: 'Users' }, users.filter(u => u.active && u.email !== me).map(u => h('option', { value: 'user:' + u.email }, u.email))),
      h('optgroup', { label: 'Virtual accounts' }, accounts.map(a => h('option', { value: 'virtualaccount:' + a.name }, a.name))));
    if (ownerFilter && owner.querySelector(`option[value="${CSS.escape(ownerFilter)}"]`)) owner.value = ownerFilter;
  }

  // The only time the secret is on screen: it is not kept anywhere once this panel is closed or the page left.
  function showCreated(key) {
    created.hidden = false;
    const copy = copyField('New API key', key.token);
    replace(created,
      h('h2', { id: 'new-key-heading' }, `Copy the key "${key.name}" now`),
      h('p', null, 'It is shown only this once: Sluice keeps only a salted hash of it. Use it as ',
        h('code', null, 'Authorization: Bearer …'), ' with base URL ', h('code', null, location.origin + '/v1'), '.'),
      copy,
      h('button', { type: 'button', class: 'btn', onclick: () => { created.hidden = true; replace(created); name.focus(); } }, 'Done, I have copied it'));
    copy.querySelector('input').focus();
  }

  async function load() {
    let keys;
    try {
      keys = await listTokens();
    } catch (e) {
      replace(tableWrap, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    if (ownerFilter) keys = keys.filter(k => k.owner === ownerFilter);
    keys.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    if (keys.length === 0) {
      replace(tableWrap, h('p', { class: 'empty' }, 'No keys yet.'));
      return;
    }
    const columns = ['Name', admin ? 'Owner' : null, 'Key ID', 'Created', 'Status', 'Actions'].filter(Boolean);
    replace(tableWrap, stackable(h('table', null,
      h('caption', { class: 'visually-hidden' }, 'API keys, newest first'),
      h('thead', null, h('tr', null, columns.map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, keys.map(row)))));
  }

  function row(key) {
    const [kind, text] = status(key);
    const actions = h('td', { class: 'actions' });
    if (kind !== 'revoked') actions.append(revokeButton(key, actions));
    return h('tr', { class: kind === 'active' ? null : 'inactive', dataset: { key: key.id } },
      h('td', null, key.name),
      admin ? h('td', null, key.owner) : null,
      h('td', null, h('code', null, key.id)),
      h('td', { class: 'nowrap' }, formatTime(key.created_at)),
      h('td', null, text),
      actions);
  }

  // Revoking cannot be undone, so it takes a second, explicit click.
  function revokeButton(key, cell) {
    return h('button', {
      type: 'button', class: 'btn small danger ghost', 'aria-label': `Revoke key ${key.name}`,
      onclick: () => {
        const cancel = h('button', { type: 'button', class: 'btn small', onclick: () => { replace(cell, revokeButton(key, cell)); cell.querySelector('button').focus(); } }, 'Cancel');
        const confirm = h('button', {
          type: 'button', class: 'btn small danger', 'aria-label': `Yes, revoke key ${key.name}`,
          onclick: async () => {
            showError(error, null);
            try {
              await revokeToken(key.id);
            } catch (e) {
              showError(error, e);
            }
            await load();
            // The row was redrawn without its button: keep keyboard focus on it, not on the page's start.
            const redrawn = tableWrap.querySelector(`tr[data-key="${CSS.escape(key.id)}"]`);
            if (redrawn) {
              redrawn.tabIndex = -1;
              redrawn.focus();
            }
          },
        }, 'Yes, revoke');
        replace(cell, h('span', { class: 'small' }, 'Revoke? It stops working at once. '), confirm, cancel);
        confirm.focus();
      },
    }, 'Revoke');
  }
}

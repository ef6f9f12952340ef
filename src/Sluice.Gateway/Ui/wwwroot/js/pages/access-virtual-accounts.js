// Access > Virtual accounts: service identities for programs, the accounts or models they may call, and their keys.
import { listVirtualAccounts, createVirtualAccount, saveVirtualAccount, deleteVirtualAccount, listGrantableResources } from '../api.js';
import { h, field, replace, uid } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { accessHead, stackable, errorBanner, showError, busy } from './access-common.js';

const ROLES = [
  ['provider-account-access', 'Access (call the models)'],
  ['provider-account-manager', 'Manager (also change the account)'],
];
const roleLabel = (id) => ROLES.find(([r]) => r === id)?.[1] ?? id;

export async function render(main) {
  const error = errorBanner();
  const list = h('div', { class: 'va-list' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off', required: true });
  let resources = [];
  const createForm = h('form', {
    class: 'inline-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearProblems(createForm);
      showError(error, null);
      await busy(createForm, async () => {
        const created = name.value.trim();
        try {
          await createVirtualAccount({ name: created, permissions: [] });
        } catch (e) {
          if (showProblems(createForm, e.details).length > 0 || e.details.length === 0) showError(error, e);
          return;
        }
        name.value = '';
        await load();
        list.querySelector(`[data-va="${CSS.escape(created)}"] select`)?.focus();
      });
    },
  },
  field('Virtual account name', name, { path: 'name', hint: '3 to 32 characters: lowercase letters, digits and -.' }),
  h('button', { type: 'submit', class: 'btn primary' }, 'Create virtual account'));

  main.append(
    accessHead('virtual-accounts', 'Virtual accounts', 'Identities for programs (CI, services). Their API keys carry the permissions granted here, nothing more.'),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'new-va-heading' }, h('h2', { id: 'new-va-heading' }, 'New virtual account'), createForm),
    list);
  await load();

  async function load() {
    let accounts;
    try {
      [accounts, resources] = await Promise.all([listVirtualAccounts(), listGrantableResources()]);
    } catch (e) {
      replace(list, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    replace(list, accounts.length === 0 ? h('p', { class: 'empty' }, 'No virtual account yet.') : accounts.map(panel));
  }

  function panel(va) {
    const permissions = va.permissions ?? [];
    const headingId = uid('va');
    const resource = h('select', { required: true },
      h('option', { value: '' }, 'Choose an account or a model…'),
      resources.map(r => h('option', { value: r.fqn }, r.model ? r.fqn : `${r.fqn} (every model)`)));
    const role = h('select', null, ROLES.map(([id, label]) => h('option', { value: id }, label)));
    const grantForm = h('form', {
      class: 'inline-form', novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        if (!resource.value) {
          showProblems(grantForm, [{ path: 'permissions', message: 'Choose the account or model to grant.' }]);
          return;
        }
        await update(va, [...permissions, { resource_fqn: resource.value, resource_type: 'provider-account', role_id: role.value }], grantForm);
      },
    },
    field('Account or model', resource, { path: 'permissions' }),
    field('Role', role),
    h('button', { type: 'submit', class: 'btn' }, 'Grant'));

    return h('section', { class: 'panel', 'aria-labelledby': headingId, dataset: { va: va.name } },
      h('div', { class: 'section-head' },
        h('h2', { id: headingId }, va.name),
        h('div', { class: 'toolbar' },
          h('a', { class: 'btn small', href: '#/access/keys?owner=' + encodeURIComponent('virtualaccount:' + va.name) }, 'API keys', h('span', { class: 'visually-hidden' }, ` of ${va.name}`)),
          h('button', {
            type: 'button', class: 'btn small danger ghost', 'aria-label': `Delete virtual account ${va.name} and revoke its keys`,
            onclick: async () => {
              showError(error, null);
              try {
                await deleteVirtualAccount(va.name);
              } catch (e) {
                showError(error, e);
              }
              await load();
            },
          }, 'Delete'))),
      h('h3', null, 'Permissions'),
      permissions.length === 0 ? h('p', { class: 'empty' }, 'No permissions: its keys can call nothing yet.')
        : h('div', { class: 'table-wrap' }, stackable(h('table', null,
          h('caption', { class: 'visually-hidden' }, `Permissions of ${va.name}`),
          h('thead', null, h('tr', null, ['Account or model', 'Role', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, permissions.map((p, i) => h('tr', null,
            h('td', null, h('code', null, p.resource_fqn)),
            h('td', null, roleLabel(p.role_id)),
            h('td', null, h('button', {
              type: 'button', class: 'btn small ghost', 'aria-label': `Remove ${p.resource_fqn} from ${va.name}`,
              onclick: () => update(va, permissions.filter((_, j) => j !== i), null),
            }, 'Remove')))))))),
      grantForm);
  }

  async function update(va, permissions, form) {
    showError(error, null);
    if (form) clearProblems(form);
    try {
      await saveVirtualAccount({ name: va.name, permissions });
    } catch (e) {
      if (!form || showProblems(form, e.details).length > 0 || e.details.length === 0) showError(error, e);
      return;
    }
    await load();
    list.querySelector(`[data-va="${CSS.escape(va.name)}"] select`)?.focus();
  }
}

import { auth, json } from '../api.js';
import { h } from '../dom.js';

export const AUTH_LABELS = {
  'access-key-based': 'Access key',
  'assumed-role-based': 'Assumed role',
  'api-key': 'Bedrock API key',
};

export async function render(main) {
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Provider accounts'),
    auth.user?.tenant_admin ? h('a', { class: 'btn primary', href: '#/accounts/new' }, 'New account') : null));
  let accounts;
  try {
    accounts = (await json('/api/v1/provider-accounts')).data ?? [];
  } catch (e) {
    main.append(h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }
  if (accounts.length === 0) {
    main.append(h('p', { class: 'empty' }, 'No provider account yet.'));
    return;
  }
  main.append(h('div', { class: 'panel table-wrap' }, h('table', { 'aria-label': 'Provider accounts' },
    h('thead', null, h('tr', null, ['Name', 'Region', 'Authentication', 'Models'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, accounts.map(a => h('tr', null,
      h('td', null, h('a', { href: '#/accounts/' + encodeURIComponent(a.name) }, a.name)),
      h('td', null, a.region),
      h('td', null, AUTH_LABELS[a.auth_data?.type] ?? a.auth_data?.type ?? '—'),
      h('td', { class: 'num' }, String(a.integrations?.length ?? 0))))))));
}

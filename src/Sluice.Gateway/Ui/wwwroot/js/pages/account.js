import { auth, json, request, readBody, ApiError } from '../api.js';
import { h, statusBox, showStatus } from '../dom.js';
import { AUTH_LABELS } from './accounts.js';

export async function render(main, { name }) {
  const path = '/api/v1/provider-accounts/' + encodeURIComponent(name);
  let account;
  try {
    account = await json(path);
  } catch (e) {
    main.append(h('h1', null, name), h('p', { class: 'banner error', role: 'alert' }, e.message),
      h('a', { href: '#/accounts' }, 'Back to provider accounts'));
    return;
  }

  const result = statusBox();
  const testButton = h('button', { type: 'button', class: 'btn', onclick: () => test(null, testButton) }, 'Test connection');
  const models = account.integrations ?? [];

  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/accounts' }, 'Provider accounts'), ' / '),
    h('div', { class: 'page-head' }, h('h1', null, account.name),
      h('div', { class: 'toolbar' },
        testButton,
        h('a', { class: 'btn', href: `#/accounts/${encodeURIComponent(name)}/edit` }, 'Edit'),
        auth.user?.tenant_admin ? h('button', { type: 'button', class: 'btn danger ghost', onclick: remove }, 'Delete') : null)),
    result,
    h('section', { class: 'panel' },
      h('dl', { class: 'facts' },
        h('dt', null, 'Type'), h('dd', null, 'AWS Bedrock'),
        h('dt', null, 'Region'), h('dd', null, account.region),
        h('dt', null, 'Authentication'), h('dd', null, AUTH_LABELS[account.auth_data?.type] ?? '—', describeAuth(account.auth_data)),
        account.endpoint_url ? [h('dt', null, 'Endpoint'), h('dd', null, h('code', null, account.endpoint_url))] : null,
        h('dt', null, 'Collaborators'), h('dd', null, (account.collaborators ?? []).length === 0 ? 'none'
          : (account.collaborators.map(c => h('span', { class: 'tag' }, `${c.subject} (${c.role_id.replace('provider-account-', '')})`)))))),
    h('section', { class: 'panel' },
      h('div', { class: 'section-head' }, h('h2', null, `Models (${models.length})`),
        h('a', { class: 'btn small', href: `#/accounts/${encodeURIComponent(name)}/edit` }, 'Add models')),
      models.length === 0 ? h('p', { class: 'empty' }, 'No models yet.') :
        h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Models of ' + name },
          h('thead', null, h('tr', null, ['Name', 'Model ID', 'Region', 'Types', 'Cost / 1K tokens', ''].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, models.map(m => {
            const button = h('button', { type: 'button', class: 'btn small ghost', onclick: () => test(m.name, button) }, 'Test');
            return h('tr', null,
              h('td', null, h('code', null, `${name}/${m.name}`)),
              h('td', null, h('code', { class: 'muted' }, m.model_id)),
              h('td', { class: 'nowrap' }, m.region ?? h('span', { class: 'muted' }, account.region)),
              h('td', null, m.model_types.map(t => h('span', { class: 'tag' }, t)),
                m.drop_params ? h('span', { class: 'tag', title: 'Parameters the model cannot honour are dropped instead of refused' }, 'drop_params') : null),
              h('td', { class: 'num' }, m.cost?.per_1000_tokens ? `${m.cost.per_1000_tokens.input} in / ${m.cost.per_1000_tokens.output} out` : m.cost ? 'private cost' : h('span', { class: 'muted' }, 'public price')),
              h('td', null, button));
          }))))));

  // body: {} tests the credentials, { model } calls that model, { model_call: true } calls the first chat model.
  async function test(model, button, body = model ? { model } : {}) {
    button.disabled = true;
    showStatus(result, 'pending', body.model_call ? 'Calling a model…' : model ? `Testing ${model}…` : 'Testing the connection…');
    try {
      const res = await request(path + '/test', { method: 'POST', body });
      const report = await readBody(res);
      if (!res.ok) throw new ApiError(res.status, report);
      showReport(report);
    } catch (e) {
      showStatus(result, 'error', e.message);
    } finally {
      button.disabled = false;
    }
  }

  // Green only when something was checked and worked; "not checked" is neutral and offers the model call that can check it.
  function showReport(report) {
    const kind = report.status === 'ok' ? 'ok' : report.status === 'failed' ? 'error' : 'neutral';
    const title = report.status === 'ok' ? 'Connection works. ' : report.status === 'failed' ? 'Connection failed. ' : 'Not checked. ';
    const where = [];
    if (report.region && !report.message.includes(report.region)) where.push('region ' + report.region);
    if (report.model) where.push(`${name}/${report.model}`);
    const callButton = report.status === 'not-checked' && models.some(m => m.model_types.includes('chat'))
      ? h('button', { type: 'button', class: 'btn small', onclick: ev => test(null, ev.currentTarget, { model_call: true }) }, 'Check with a model call')
      : null;
    showStatus(result, kind,
      h('p', null, h('strong', null, title), report.message, where.length ? ` (${where.join(', ')})` : ''),
      h('p', { class: 'small' }, 'Checked: ' + report.checked),
      callButton);
  }

  async function remove() {
    if (!confirm(`Delete provider account "${name}" and its ${models.length} models? Callers lose access at once.`)) return;
    const res = await request(path, { method: 'DELETE' });
    if (res.ok) location.hash = '#/accounts';
    else showStatus(result, 'error', new ApiError(res.status, await readBody(res)).message);
  }
}

function describeAuth(a) {
  if (!a) return null;
  const bits = [];
  if (a.access_key_id) bits.push(h('code', null, a.access_key_id));
  if (a.assumed_role_arn) bits.push(h('code', null, a.assumed_role_arn));
  if (a.secret_access_key || a.api_key) bits.push(h('span', { class: 'muted' }, 'secret stored'));
  return bits.length ? h('div', { class: 'small' }, bits.flatMap((b, i) => i ? [' · ', b] : [b])) : null;
}

import { json, request, readBody, ApiError, accountPermissions, directory, saveCollaborators } from '../api.js';
import { h, replace, statusBox, showStatus } from '../dom.js';
import { showProblems } from '../problems.js';
import { AUTH_LABELS } from './accounts.js';
import { collaboratorsEditor, describeSubject, roleLabel } from './collaborators.js';

const NO_PERMISSIONS = { update: false, delete: false, manage_collaborators: false, add_model: false, test: false };

export async function render(main, { name }) {
  const path = '/api/v1/provider-accounts/' + encodeURIComponent(name);
  let account;
  let can;
  try {
    [account, can] = await Promise.all([json(path), accountPermissions(name).catch(() => NO_PERMISSIONS)]);
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
      // Only what the caller's role allows: a User (access role) sees no buttons that would end in a 403.
      h('div', { class: 'toolbar' },
        can.test ? testButton : null,
        can.update ? h('a', { class: 'btn', href: `#/accounts/${encodeURIComponent(name)}/edit` }, 'Edit') : null,
        can.delete ? h('button', { type: 'button', class: 'btn danger ghost', onclick: remove }, 'Delete') : null)),
    // main.append writes null as text: an empty string adds nothing visible.
    can.update ? '' : h('p', { class: 'hint role-note' }, 'You may call this account\'s models; a Manager or a tenant admin changes it.'),
    result,
    h('section', { class: 'panel' },
      h('dl', { class: 'facts' },
        h('dt', null, 'Type'), h('dd', null, 'AWS Bedrock'),
        h('dt', null, 'Region'), h('dd', null, account.region),
        h('dt', null, 'Authentication'), h('dd', null, AUTH_LABELS[account.auth_data?.type] ?? '—', describeAuth(account.auth_data)),
        account.endpoint_url ? [h('dt', null, 'Endpoint'), h('dd', null, h('code', null, account.endpoint_url))] : null)),
    collaboratorsSection(),
    h('section', { class: 'panel' },
      h('div', { class: 'section-head' }, h('h2', null, `Models (${models.length})`),
        can.update && can.add_model ? h('a', { class: 'btn small', href: `#/accounts/${encodeURIComponent(name)}/edit` }, 'Add models') : null),
      models.length === 0 ? h('p', { class: 'empty' }, 'No models yet.') :
        h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Models of ' + name },
          h('thead', null, h('tr', null, ['Name', 'Model ID', 'Region', 'Types', 'Cost / 1K tokens', can.test ? h('span', { class: 'visually-hidden' }, 'Actions') : null]
            .filter(t => t !== null).map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, models.map(m => {
            const button = can.test ? h('button', { type: 'button', class: 'btn small ghost', 'aria-label': `Test ${m.name}`, onclick: () => test(m.name, button) }, 'Test') : null;
            return h('tr', null,
              h('td', null, h('code', null, `${name}/${m.name}`)),
              h('td', null, h('code', { class: 'muted' }, m.model_id)),
              h('td', { class: 'nowrap' }, m.region ?? h('span', { class: 'muted' }, account.region)),
              h('td', null, m.model_types.map(t => h('span', { class: 'tag' }, t)),
                m.drop_params ? h('span', { class: 'tag', title: 'Parameters the model cannot honour are dropped instead of refused' }, 'drop_params') : null),
              h('td', { class: 'num' }, m.cost?.per_1000_tokens ? `${m.cost.per_1000_tokens.input} in / ${m.cost.per_1000_tokens.output} out` : m.cost ? 'private cost' : h('span', { class: 'muted' }, 'public price')),
              button ? h('td', null, button) : null);
          }))))));

  // Everyone with a role sees who else has one; managers change the list here without opening the whole form.
  function collaboratorsSection() {
    const section = h('section', { class: 'panel', 'aria-labelledby': 'collab-title' });
    const list = account.collaborators ?? [];
    const show = () => replace(section,
      h('div', { class: 'section-head' }, h('h2', { id: 'collab-title', tabindex: -1 }, `Collaborators (${list.length})`),
        can.manage_collaborators ? h('button', { type: 'button', class: 'btn small', onclick: edit }, 'Edit collaborators') : null),
      list.length === 0 ? h('p', { class: 'empty' }, 'None: only tenant admins can use this account.')
        : h('ul', { class: 'collab-list', 'aria-label': 'Collaborators' }, list.map(c => h('li', { class: 'collab-item' },
          h('span', { class: 'collab-subject' }, describeSubject(c.subject)), h('span', { class: 'tag' }, roleLabel(c.role_id))))));
    async function edit() {
      const editor = collaboratorsEditor(list, await directory());
      const status = statusBox();
      const save = async () => {
        showStatus(status, 'pending', 'Saving…');
        try {
          const saved = await saveCollaborators(name, editor.value());
          list.splice(0, list.length, ...saved.collaborators);
          show();
          section.querySelector('h2').focus();
        } catch (e) {
          const unplaced = e instanceof ApiError ? showProblems(section, e.details) : [];
          showStatus(status, 'error', e.message, unplaced.map(d => h('p', null, d.message)));
        }
      };
      replace(section, h('h2', { id: 'collab-title', tabindex: -1 }, 'Collaborators'), editor.element, status,
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'btn primary', onclick: save }, 'Save collaborators'),
          h('button', { type: 'button', class: 'btn ghost', onclick: show }, 'Cancel')));
      section.querySelector('input')?.focus();
    }
    show();
    return section;
  }

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

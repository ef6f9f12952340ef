// Access > Audit log: who changed what and when, newest first, filtered by actor, action, target and time.
import { listAudit, listUsers } from '../api.js';
import { h, field, replace, formatTime } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { accessHead, stackable, errorBanner, showError, busy } from './access-common.js';

// What the gateway records (ConfigurationStore, UserService, TokenEndpoints, the invite call).
const ACTIONS = ['create', 'update', 'delete', 'invite', 'set-password', 'create-token', 'revoke-token'];

// A datetime-local value is the browser's local time; the API wants ISO 8601 with an offset.
const toIso = (local) => (local ? new Date(local).toISOString() : '');

export async function render(main, { query }) {
  const error = errorBanner();
  const summary = h('p', { class: 'muted', role: 'status' });
  const tableWrap = h('div', { class: 'panel table-wrap' });
  const actors = h('datalist', { id: 'audit-actors' });
  const actor = h('input', { type: 'text', name: 'actor', list: 'audit-actors', autocomplete: 'off', value: query.get('actor') ?? '' });
  const action = h('select', { name: 'action' }, h('option', { value: '' }, 'Any action'), ACTIONS.map(a => h('option', { value: a }, a)));
  action.value = query.get('action') ?? '';
  const target = h('input', { type: 'text', name: 'target', autocomplete: 'off', value: query.get('target') ?? '' });
  const since = h('input', { type: 'datetime-local', name: 'since' });
  const until = h('input', { type: 'datetime-local', name: 'until' });
  const limit = h('select', { name: 'limit' }, [50, 100, 500, 1000].map(n => h('option', { value: n }, String(n))));
  limit.value = '100';

  const form = h('form', {
    class: 'filters', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      await busy(form, load);
    },
  },
  field('Actor', actor, { path: 'actor', hint: 'Exact, e.g. user:alice@example.com.' }),
  field('Action', action, { path: 'action' }),
  field('Target', target, { path: 'target', hint: 'Exact (team:ml) or a prefix ending in ":" (team:).' }),
  field('From', since, { path: 'since' }),
  field('Until', until, { path: 'until' }),
  field('At most', limit, { path: 'limit' }),
  h('div', { class: 'filter-actions' },
    h('button', { type: 'submit', class: 'btn primary' }, 'Apply filters'),
    h('button', {
      type: 'button', class: 'btn ghost',
      onclick: async () => {
        form.reset();
        limit.value = '100';
        await load();
      },
    }, 'Clear')));

  main.append(
    accessHead('audit', 'Audit log', 'Every change to accounts, models, users, teams, virtual accounts and keys, newest first. Secrets are masked.'),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'audit-filter-heading' }, h('h2', { id: 'audit-filter-heading' }, 'Filters'), form, actors),
    summary,
    tableWrap);
  listUsers().then(users => replace(actors, users.map(u => h('option', { value: 'user:' + u.email })))).catch(() => {});
  await load();

  async function load() {
    clearProblems(form);
    showError(error, null);
    let entries;
    try {
      entries = await listAudit({
        actor: actor.value.trim(), action: action.value, target: target.value.trim(),
        since: toIso(since.value), until: toIso(until.value), limit: limit.value,
      });
    } catch (e) {
      if (showProblems(form, e.details).length > 0 || e.details.length === 0) showError(error, e);
      return;
    }
    replace(summary, `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`);
    if (entries.length === 0) {
      replace(tableWrap, h('p', { class: 'empty' }, 'Nothing matches these filters.'));
      return;
    }
    replace(tableWrap, stackable(h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Audit entries, newest first'),
      h('thead', null, h('tr', null, ['Time', 'Actor', 'Action', 'Target', 'Change'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, entries.map(e => h('tr', null,
        h('td', { class: 'nowrap' }, formatTime(e.at)),
        h('td', null, e.actor),
        h('td', null, h('span', { class: 'tag' }, e.action)),
        h('td', null, h('code', null, e.target)),
        h('td', null, change(e))))))));
  }
}

function change(entry) {
  if (entry.before == null && entry.after == null) return h('span', { class: 'muted' }, '—');
  return h('details', { class: 'audit-change' },
    h('summary', null, 'Show', h('span', { class: 'visually-hidden' }, ` the change to ${entry.target}`)),
    entry.before != null ? [h('p', { class: 'small muted' }, 'Before'), h('pre', null, JSON.stringify(entry.before, null, 2))] : null,
    entry.after != null ? [h('p', { class: 'small muted' }, 'After'), h('pre', null, JSON.stringify(entry.after, null, 2))] : null);
}

import { json } from '../api.js';
import { h, replace, formatUsd, formatTime } from '../dom.js';

// A cost of null means the call could not be priced (no public or private price): shown as "unknown", never as $0.
function cost(value) {
  return value === null || value === undefined
    ? h('span', { class: 'muted', title: 'No public or private price for this model' }, 'unknown')
    : formatUsd(value);
}

function ms(value) {
  return value === null || value === undefined ? '' : `${Math.round(value)} ms`;
}

export async function render(main) {
  const limit = h('select', { id: 'usage-limit' }, [50, 100, 500].map(n => h('option', { value: n }, `Last ${n}`)));
  limit.value = '100';
  const summary = h('p', { class: 'muted', role: 'status' });
  const byModel = h('div', { class: 'panel table-wrap' });
  const body = h('div', { class: 'panel table-wrap' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Usage'),
      h('div', { class: 'toolbar' }, h('label', { for: 'usage-limit', class: 'visually-hidden' }, 'How many calls'), limit,
        h('button', { type: 'button', class: 'btn ghost', onclick: load }, 'Refresh'))),
    h('h2', null, 'By model'), byModel,
    h('h2', null, 'Recent calls'), summary, body);
  limit.addEventListener('change', load);
  await load();

  async function load() {
    await Promise.all([loadCalls(), loadByModel()]);
  }

  async function loadByModel() {
    let groups;
    try {
      groups = (await json('/api/v1/usage/summary?group_by=model')).data ?? [];
    } catch (e) {
      replace(byModel, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    if (groups.length === 0) {
      replace(byModel, h('p', { class: 'empty' }, 'No calls yet.'));
      return;
    }
    replace(byModel, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'All calls, summed per model'),
      h('thead', null, h('tr', null, ['Model', 'Calls', 'Errors', 'Tokens in / out', 'Cost', 'Latency p50 / p95'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, groups.map(g => h('tr', null,
        h('td', null, h('code', null, g.model)),
        h('td', { class: 'num' }, g.requests.toLocaleString()),
        h('td', { class: 'num' }, g.errors.toLocaleString()),
        h('td', { class: 'num' }, `${g.prompt_tokens.toLocaleString()} / ${g.completion_tokens.toLocaleString()}`),
        h('td', { class: 'num' }, cost(g.cost_usd),
          g.unknown_cost_requests > 0 && g.cost_usd !== null
            ? h('div', { class: 'muted small' }, `+ ${g.unknown_cost_requests.toLocaleString()} unpriced`) : null),
        h('td', { class: 'num' }, `${ms(g.latency_p50_ms)} / ${ms(g.latency_p95_ms)}`))))));
  }

  async function loadCalls() {
    let rows;
    try {
      rows = (await json('/api/v1/usage?limit=' + limit.value)).data ?? [];
    } catch (e) {
      replace(body, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    let total = 0;
    let tokens = 0;
    let unknown = 0;
    for (const r of rows) {
      if (r.cost_usd === null || r.cost_usd === undefined) unknown++;
      else total += Number(r.cost_usd) || 0;
      tokens += (r.prompt_tokens || 0) + (r.completion_tokens || 0);
    }
    replace(summary, `${rows.length} ${rows.length === 1 ? 'call' : 'calls'} · ${tokens.toLocaleString()} tokens · ${formatUsd(total)} in total`
      + (unknown > 0 ? ` · ${unknown} with unknown cost` : ''));
    if (rows.length === 0) {
      replace(body, h('p', { class: 'empty' }, 'No calls yet. Try the playground.'));
      return;
    }
    replace(body, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Recent calls, newest first'),
      h('thead', null, h('tr', null, ['Time', 'Model', 'Operation', 'Status', 'Tokens in / out', 'Cost', 'Latency', 'Caller', 'Request'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map(r => h('tr', { class: r.status >= 400 ? 'row-error' : null },
        h('td', null, formatTime(r.timestamp)),
        h('td', null, h('code', null, r.model), h('div', { class: 'muted small' }, r.upstream_model_id, r.region ? ' · ' + r.region : '')),
        h('td', null, r.operation),
        h('td', null, String(r.status), r.error_code ? h('div', { class: 'muted small' }, r.error_code) : null),
        h('td', { class: 'num' }, `${r.prompt_tokens} / ${r.completion_tokens}`),
        h('td', { class: 'num' }, cost(r.cost_usd), r.private_cost ? h('span', { class: 'tag', title: 'Private cost set on the model' }, 'private') : null),
        h('td', { class: 'num' }, ms(r.latency_ms), r.ttft_ms != null ? h('div', { class: 'muted small' }, `first token ${ms(r.ttft_ms)}`) : null),
        h('td', null, r.principal),
        h('td', null, h('code', { class: 'small' }, r.request_id)))))));
  }
}

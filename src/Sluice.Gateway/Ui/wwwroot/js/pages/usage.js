import { json } from '../api.js';
import { h, replace, formatUsd, formatTime } from '../dom.js';

export async function render(main) {
  const limit = h('select', { id: 'usage-limit' }, [50, 100, 500].map(n => h('option', { value: n }, `Last ${n}`)));
  limit.value = '100';
  const summary = h('p', { class: 'muted', role: 'status' });
  const body = h('div', { class: 'panel table-wrap' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Usage'),
      h('div', { class: 'toolbar' }, h('label', { for: 'usage-limit', class: 'visually-hidden' }, 'How many calls'), limit,
        h('button', { type: 'button', class: 'btn ghost', onclick: load }, 'Refresh'))),
    summary, body);
  limit.addEventListener('change', load);
  await load();

  async function load() {
    let rows;
    try {
      rows = (await json('/api/v1/usage?limit=' + limit.value)).data ?? [];
    } catch (e) {
      replace(body, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    let cost = 0;
    let tokens = 0;
    for (const r of rows) {
      cost += Number(r.cost_usd) || 0;
      tokens += (r.prompt_tokens || 0) + (r.completion_tokens || 0);
    }
    replace(summary, `${rows.length} ${rows.length === 1 ? 'call' : 'calls'} · ${tokens.toLocaleString()} tokens · ${formatUsd(cost)} in total`);
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
        h('td', { class: 'num' }, r.cost_usd == null ? 'unknown' : formatUsd(r.cost_usd), r.private_cost ? h('span', { class: 'tag', title: 'Private cost set on the model' }, 'private') : null),
        h('td', { class: 'num' }, `${Math.round(r.latency_ms)} ms`),
        h('td', null, r.principal),
        h('td', null, h('code', { class: 'small' }, r.request_id)))))));
  }
}

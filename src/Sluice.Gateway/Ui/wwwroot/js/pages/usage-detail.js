// The detail of one request, in a modal dialog: tokens by kind, cost and how it was priced, timing, the target that
// served and every attempt (a virtual model's failed attempts have usage records of their own).
import { requestRecords } from '../api.js';
import { h, replace, formatUsd, formatTime } from '../dom.js';

/** How a call was priced, in words (price_scope: a region, geo:XX, global, us-gov, private or null). */
export function pricedBy(r) {
  if (r.cost_usd === null || r.cost_usd === undefined) return 'Unknown: the model has neither a public nor a private price.';
  const scope = r.price_scope;
  if (r.private_cost || scope === 'private') return "The model's private cost (set on the provider account).";
  if (!scope) return r.status >= 400 ? 'Nothing: the call failed before the model consumed anything.' : 'Public price.';
  if (scope === 'global') return 'Public price of the global cross-region profile.';
  if (scope.startsWith('geo:')) return `Public price of the ${scope.slice(4).toUpperCase()} cross-region profile.`;
  if (scope === 'us-gov') return 'Public AWS GovCloud (US) price.';
  return `Public on-demand price in ${scope}.`;
}

function ms(v) {
  return v === null || v === undefined ? '—' : `${Math.round(v).toLocaleString()} ms`;
}

function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(p => p).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

/** Opens the dialog for `record` (a row of the request log); focus returns to `opener` when it closes. */
export function openRequestDetail(record, opener) {
  const titleId = 'req-detail-title';
  const body = h('div', { class: 'detail-body' }, h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  const close = h('button', { type: 'button', class: 'btn ghost small', onclick: () => dialog.close() }, 'Close');
  const dialog = h('dialog', { class: 'panel request-detail', 'aria-labelledby': titleId },
    h('div', { class: 'section-head' }, h('h2', { id: titleId }, 'Request ', h('code', null, record.request_id)), close),
    body);
  dialog.addEventListener('close', () => {
    dialog.remove();
    opener?.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  requestRecords(record.request_id, record.timestamp)
    .then(records => show(body, records.length ? records : [record]))
    .catch(e => replace(body, h('p', { class: 'banner error', role: 'alert' }, e.message)));
  return dialog;
}

function show(body, records) {
  const r = records[records.length - 1];
  const cost = r.cost_usd === null || r.cost_usd === undefined ? 'unknown' : formatUsd(r.cost_usd);
  replace(body,
    facts([
      ['Time', formatTime(r.timestamp)],
      ['Caller', r.principal + (r.api_key_id ? ` (API key ${r.api_key_id})` : '')],
      ['Model', h('code', null, r.model)],
      ['Operation', r.operation],
      ['Status', String(r.status) + (r.error_code ? ` (${r.error_code})` : '')],
    ]),
    h('h3', null, 'Tokens'),
    facts([
      ['Input', r.prompt_tokens.toLocaleString() + ' (includes cache read and cache write)'],
      ['Cache read', r.cached_tokens.toLocaleString()],
      ['Cache write', r.cache_write_tokens.toLocaleString()],
      ['Output', r.completion_tokens.toLocaleString()],
      r.images ? ['Images', r.images.toLocaleString()] : null,
    ]),
    h('h3', null, 'Cost'),
    facts([
      ['Cost', h('span', { class: 'detail-cost' }, cost)],
      ['Priced by', h('span', { class: 'detail-priced' }, pricedBy(r))],
    ]),
    h('h3', null, 'Timing'),
    facts([
      ['Latency', h('span', { class: 'detail-latency' }, ms(r.latency_ms))],
      ['Time to first token', h('span', { class: 'detail-ttft' }, r.ttft_ms == null ? 'not streamed' : ms(r.ttft_ms))],
    ]),
    h('h3', null, 'Target'),
    facts([
      ['Account', r.account || '—'],
      ['Served by', r.resolved_model ? h('code', null, r.resolved_model) : h('code', null, r.model)],
      ['Upstream model ID', r.upstream_model_id ? h('code', { class: 'detail-upstream' }, r.upstream_model_id) : '—'],
      ['Region', h('span', { class: 'detail-region' }, r.region || '—')],
      ['Attempts', h('span', { class: 'detail-attempts' }, String(r.attempts ?? 1))],
      r.end_user ? ['End user', r.end_user] : null,
      r.metadata ? ['Metadata', h('code', null, JSON.stringify(r.metadata))] : null,
    ]),
    records.length > 1 ? attempts(records) : null);
}

function attempts(records) {
  return [h('h3', null, 'Attempts'), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Attempts' }, h('table', null,
    h('caption', { class: 'visually-hidden' }, 'Every attempt of this request, in order'),
    h('thead', null, h('tr', null, ['Attempt', 'Target', 'Status', 'Latency'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, records.map(a => h('tr', null,
      h('td', { class: 'num' }, String(a.attempts ?? 1)),
      h('td', null, h('code', null, a.resolved_model ?? a.model)),
      h('td', null, String(a.status), a.error_code ? ` (${a.error_code})` : ''),
      h('td', { class: 'num' }, ms(a.latency_ms)))))))];
}

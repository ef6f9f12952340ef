// The line under an embeddings or images answer: what it consumed, how long it took, its cost (from the usage record)
// and its request id.
import { h, replace, formatUsd } from '../dom.js';
import { recordOf } from './call-cost.js';

export function resultMeta(requestId, latencyMs, usageText) {
  const cost = h('span', { class: 'cost' }, 'Cost …');
  const line = h('p', { class: 'msg-meta result-meta' },
    usageText ? h('span', { class: 'usage' }, usageText) : null,
    h('span', { class: 'latency' }, 'Latency ', h('strong', null, `${Math.round(latencyMs).toLocaleString()} ms`)),
    cost,
    requestId ? h('span', null, 'Request ', h('code', { class: 'request-id' }, requestId)) : null);
  if (requestId) {
    recordOf(requestId).then(record => {
      if (!record) replace(cost, 'Cost not recorded yet (see Usage)');
      else if (record.cost_usd === null || record.cost_usd === undefined) replace(cost, 'Cost unknown (no public or private price covers this call)');
      else replace(cost, 'Cost ', h('strong', null, formatUsd(record.cost_usd)));
    }).catch(e => replace(cost, 'Cost unavailable: ' + e.message));
  } else {
    cost.remove();
  }
  return line;
}

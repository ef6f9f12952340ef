import { json } from '../api.js';
import { h } from '../dom.js';

const TYPE_LABELS = { chat: 'Chat', embedding: 'Embeddings', image: 'Images' };

export async function render(main) {
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Models'),
    h('p', { class: 'muted' }, 'The models you may call, as ', h('code', null, 'account/model'), ' with any OpenAI client at ', h('code', null, location.origin + '/v1'), '.')));
  let list;
  try {
    list = await json('/v1/models');
  } catch (e) {
    main.append(h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }
  const models = list.data ?? [];
  if (models.length === 0) {
    main.append(h('p', { class: 'empty' }, 'You may call no model yet.'));
    return;
  }
  main.append(h('div', { class: 'panel table-wrap' }, h('table', null,
    h('caption', { class: 'visually-hidden' }, 'Callable models'),
    h('thead', null, h('tr', null, ['Model', 'Types', 'Upstream model ID', 'Account'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, models.map(m => h('tr', null,
      h('td', null, h('code', null, m.id)),
      h('td', null, (m.sluice?.types ?? []).map(t => h('span', { class: 'tag' }, TYPE_LABELS[t] ?? t))),
      h('td', null, h('code', { class: 'muted' }, m.sluice?.upstream_model_id ?? '')),
      h('td', null, m.owned_by)))))));
}

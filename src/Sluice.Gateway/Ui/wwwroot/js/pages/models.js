// Models: what the caller may call (GET /v1/models answers exactly that), with the public price and capabilities
// from the built-in Bedrock catalogue, and the code to call the chosen model.
import { json, catalogue } from '../api.js';
import { h, replace, formatUsd } from '../dom.js';
import { chatSnippets, otherSnippets, renderSnippets } from './snippets.js';

const TYPE_LABELS = { chat: 'Chat', embedding: 'Embeddings', image: 'Images' };

/** The catalogue entry of an upstream model ID: the ID itself or any region's call ID (an inference profile). */
function findEntry(cat, upstreamId) {
  if (!cat || !upstreamId) return null;
  return cat.data.find(e => e.model_id === upstreamId || Object.values(e.call_ids ?? {}).includes(upstreamId)
    || upstreamId.endsWith('.' + e.model_id)) ?? null;
}

function priceText(entry) {
  const p = entry?.price;
  if (!p) return h('span', { class: 'muted' }, 'unknown');
  if (p.images?.length) {
    const lowest = Math.min(...p.images.map(i => i.usd));
    return `from ${formatUsd(lowest)} per image`;
  }
  if (p.input_per_million == null) return h('span', { class: 'muted' }, 'unknown');
  if (p.output_per_million == null) return `${formatUsd(p.input_per_million)} per 1M input tokens`;
  return `${formatUsd(p.input_per_million)} in / ${formatUsd(p.output_per_million)} out per 1M tokens`;
}

function capabilities(entry) {
  const c = entry?.capabilities;
  if (!c) return [];
  return [
    c.streaming && 'streaming', c.tools && 'tools', c.images && 'image input',
    c.reasoning && c.reasoning !== 'none' && 'reasoning', c.prompt_caching && 'prompt caching',
  ].filter(Boolean);
}

export async function render(main) {
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Models'),
    h('p', { class: 'muted' }, 'The models you may call, as ', h('code', null, 'account/model'), ' with any OpenAI client at ', h('code', null, location.origin + '/v1'), '.')));
  let list;
  let cat;
  try {
    [list, cat] = await Promise.all([json('/v1/models'), catalogue()]);
  } catch (e) {
    main.append(h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }
  const models = list.data ?? [];
  if (models.length === 0) {
    main.append(h('p', { class: 'empty' }, 'You may call no model yet. Ask an admin for access to a provider account.'));
    return;
  }
  const code = h('section', { class: 'panel', 'aria-labelledby': 'models-code-title' });
  main.append(h('div', { class: 'panel table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Callable models' }, h('table', { class: 'models' },
    h('caption', { class: 'visually-hidden' }, 'Callable models'),
    h('thead', null, h('tr', null, ['Model', 'Types', 'Public price', 'Capabilities', 'Upstream model ID', 'Code'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, models.map(m => {
      const entry = findEntry(cat, m.sluice?.upstream_model_id);
      return h('tr', { dataset: { model: m.id } },
        h('th', { scope: 'row' }, h('code', null, m.id), entry ? h('div', { class: 'muted small' }, entry.display_name) : null),
        h('td', null, (m.sluice?.types ?? []).map(t => h('span', { class: 'tag' }, TYPE_LABELS[t] ?? t))),
        h('td', { class: 'model-price' }, priceText(entry)),
        h('td', null, h('span', { class: 'model-caps' }, capabilities(entry).map(c => h('span', { class: 'tag' }, c)))),
        h('td', null, h('code', { class: 'muted' }, m.sluice?.upstream_model_id ?? '')),
        h('td', null, h('button', {
          type: 'button', class: 'btn ghost small', 'aria-label': 'Show code for ' + m.id,
          onclick: () => showCode(m),
        }, 'Code')));
    })))),
  h('p', { class: 'hint' }, 'Public on-demand prices from the built-in catalogue, in the account’s region; a private cost set on a model, or a cross-region profile’s price, is what the Usage page shows per call.'),
  code);
  showCode(models.find(m => (m.sluice?.types ?? []).includes('chat')) ?? models[0], false);

  function showCode(m, focus = true) {
    const types = m.sluice?.types ?? ['chat'];
    const list = types.includes('chat') ? chatSnippets(m, location.origin) : otherSnippets(m, location.origin, types.includes('image') ? 'image' : 'embedding');
    const heading = h('h2', { id: 'models-code-title', tabindex: -1 }, 'Code for ', h('code', { class: 'code-model' }, m.id));
    replace(code, heading,
      h('p', { class: 'muted' }, 'Set ', h('code', null, 'SLUICE_API_KEY'), ' to your Sluice API key.'),
      renderSnippets(list));
    if (focus) heading.focus();
  }
}

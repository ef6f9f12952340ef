// The Playground's embeddings tab: one vector per line of text.
import { request, readBody, ApiError } from '../api.js';
import { h, field, replace, statusBox, showStatus } from '../dom.js';
import { otherSnippets, renderSnippets } from './snippets.js';
import { resultMeta } from './playground-result.js';

export function renderEmbeddings(models) {
  if (models.length === 0) return h('p', { class: 'empty' }, 'You may call no embedding model.');
  const model = h('select', { name: 'embedding-model' }, models.map(m => h('option', { value: m.id }, m.id)));
  const input = h('textarea', { rows: 4, name: 'input', placeholder: 'The quick brown fox' });
  const status = statusBox();
  const result = h('div', { class: 'embedding-result' });
  const code = h('details', null, h('summary', null, 'Code for this model'));
  const button = h('button', { type: 'submit', class: 'btn primary' }, 'Embed');
  const form = h('form', { class: 'panel stack', onsubmit: send },
    field('Embedding model', model),
    field('Text to embed', input, { hint: 'One text per line: each line gets its own vector.' }),
    h('div', null, button), status);
  const showCode = () => replace(code, h('summary', null, 'Code for this model'),
    renderSnippets(otherSnippets(models.find(m => m.id === model.value), location.origin, 'embedding')));
  model.addEventListener('change', showCode);
  showCode();
  return h('div', null, form, result, code);

  async function send(ev) {
    ev.preventDefault();
    const lines = input.value.split('\n').map(x => x.trim()).filter(Boolean);
    if (lines.length === 0) {
      showStatus(status, 'error', 'Type some text to embed.');
      input.focus();
      return;
    }
    button.disabled = true;
    showStatus(status, 'pending', 'Embedding…');
    const started = performance.now();
    try {
      const res = await request('/v1/embeddings', { method: 'POST', body: { model: model.value, input: lines.length === 1 ? lines[0] : lines } });
      const body = await readBody(res);
      if (!res.ok) throw new ApiError(res.status, body, res.headers.get('x-request-id'));
      const latency = performance.now() - started;
      showStatus(status, 'ok', `${body.data.length} ${body.data.length === 1 ? 'vector' : 'vectors'} of ${body.data[0]?.embedding?.length ?? 0} dimensions.`);
      replace(result, h('div', { class: 'panel' },
        h('h2', null, 'Vectors'),
        h('ol', { class: 'vectors' }, body.data.map((d, i) => h('li', null,
          h('strong', null, lines[i] ?? `Input ${i + 1}`), ': ', `${d.embedding.length} dimensions, `,
          h('span', { class: 'vector' }, '[' + d.embedding.slice(0, 6).map(x => x.toFixed(4)).join(', ') + ', …]')))),
        resultMeta(res.headers.get('x-request-id'), latency, `${body.usage?.prompt_tokens ?? 0} input tokens`)));
    } catch (e) {
      showStatus(status, 'error', e.message);
    } finally {
      button.disabled = false;
    }
  }
}

// The Playground's images tab: image generation (answers are base64: the gateway stores no images).
import { request, readBody, ApiError } from '../api.js';
import { h, field, replace, statusBox, showStatus } from '../dom.js';
import { otherSnippets, renderSnippets } from './snippets.js';
import { resultMeta } from './playground-result.js';

const SIZES = ['1024x1024', '768x768', '512x512', '1280x768', '768x1280'];

export function renderImages(models) {
  if (models.length === 0) return h('p', { class: 'empty' }, 'You may call no image model.');
  const model = h('select', { name: 'image-model' }, models.map(m => h('option', { value: m.id }, m.id)));
  const prompt = h('textarea', { rows: 3, name: 'prompt', placeholder: 'A lighthouse at dawn, watercolour' });
  const size = h('select', { name: 'size' }, SIZES.map(s => h('option', { value: s }, s.replace('x', ' × '))));
  const count = h('input', { type: 'number', name: 'n', min: 1, max: 4, step: 1, value: '1', inputmode: 'numeric' });
  const status = statusBox();
  const result = h('div', { class: 'image-result' });
  const code = h('details', null, h('summary', null, 'Code for this model'));
  const button = h('button', { type: 'submit', class: 'btn primary' }, 'Generate');
  const form = h('form', { class: 'panel stack', onsubmit: send },
    field('Image model', model),
    field('Image prompt', prompt),
    h('div', { class: 'row' }, field('Size', size), field('Number of images', count, { hint: '1 to 4' })),
    h('div', null, button), status);
  const showCode = () => replace(code, h('summary', null, 'Code for this model'),
    renderSnippets(otherSnippets(models.find(m => m.id === model.value), location.origin, 'image')));
  model.addEventListener('change', showCode);
  showCode();
  return h('div', null, form, result, code);

  async function send(ev) {
    ev.preventDefault();
    const text = prompt.value.trim();
    if (!text) {
      showStatus(status, 'error', 'Describe the image to generate.');
      prompt.focus();
      return;
    }
    button.disabled = true;
    showStatus(status, 'pending', 'Generating…');
    const started = performance.now();
    try {
      const res = await request('/v1/images/generations', {
        method: 'POST', body: { model: model.value, prompt: text, size: size.value, n: Number(count.value) || 1, response_format: 'b64_json' },
      });
      const body = await readBody(res);
      if (!res.ok) throw new ApiError(res.status, body, res.headers.get('x-request-id'));
      const latency = performance.now() - started;
      const images = body.data ?? [];
      showStatus(status, 'ok', `${images.length} ${images.length === 1 ? 'image' : 'images'} generated.`);
      replace(result, h('div', { class: 'panel' },
        h('h2', null, 'Images'),
        h('div', { class: 'generated-images' }, images.map((d, i) => h('img', {
          src: 'data:image/png;base64,' + d.b64_json, alt: `Generated image ${i + 1} of ${images.length} for: ${text}`,
        }))),
        resultMeta(res.headers.get('x-request-id'), latency, `${images.length} ${images.length === 1 ? 'image' : 'images'}`)));
    } catch (e) {
      showStatus(status, 'error', e.message);
    } finally {
      button.disabled = false;
    }
  }
}

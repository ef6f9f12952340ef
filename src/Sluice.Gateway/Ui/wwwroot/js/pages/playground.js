import { json, request, readBody, ApiError } from '../api.js';
import { h, field, replace } from '../dom.js';
import { readSse } from '../sse.js';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

// Kept across page switches within the tab, so leaving the playground does not lose the conversation.
const state = { model: '', system: '', temperature: '', maxTokens: '', stream: true, messages: [] };

export async function render(main) {
  let controller = null;
  let image = null; // {name, url}

  const heading = h('h1', null, 'Playground');
  const modelSelect = h('select', { name: 'model', required: true });
  const system = h('textarea', { rows: 4, name: 'system', placeholder: 'You are a helpful assistant.' });
  system.value = state.system;
  const temperature = h('input', { type: 'number', name: 'temperature', min: 0, max: 1, step: 0.1, placeholder: 'default', inputmode: 'decimal' });
  temperature.value = state.temperature;
  const maxTokens = h('input', { type: 'number', name: 'max_tokens', min: 1, step: 1, placeholder: 'default', inputmode: 'numeric' });
  maxTokens.value = state.maxTokens;
  const stream = h('input', { type: 'checkbox', name: 'stream', checked: state.stream });
  const modelsNote = h('p', { class: 'hint' });

  const settings = h('aside', { class: 'panel settings', 'aria-label': 'Settings' },
    field('Model', modelSelect),
    modelsNote,
    field('System prompt (optional)', system),
    h('div', { class: 'row' },
      field('Temperature', temperature, { hint: '0 to 1' }),
      field('Max tokens', maxTokens)),
    h('div', { class: 'check' }, stream, h('label', { for: stream.id = 'pg-stream' }, 'Stream the answer')),
    h('button', { type: 'button', class: 'btn ghost', onclick: newChat }, 'New chat'));

  const transcript = h('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const input = h('textarea', { rows: 3, name: 'message', placeholder: 'Send a message (Enter sends, Shift+Enter for a new line)', 'aria-label': 'Message' });
  const fileInput = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/gif,image/webp', class: 'visually-hidden', id: 'pg-image' });
  const attachLabel = h('label', { for: 'pg-image', class: 'btn ghost' }, 'Attach image');
  const attachment = h('div', { class: 'attachment', hidden: true });
  const sendButton = h('button', { type: 'submit', class: 'btn primary' }, 'Send');
  const stopButton = h('button', { type: 'button', class: 'btn danger', hidden: true, onclick: () => controller?.abort() }, 'Stop');
  const composer = h('form', { class: 'composer', onsubmit: send },
    attachment,
    input,
    h('div', { class: 'composer-actions' }, fileInput, attachLabel, h('span', { class: 'spacer' }), stopButton, sendButton));

  main.append(h('div', { class: 'page-head' }, heading),
    h('div', { class: 'playground' }, settings, h('section', { class: 'panel chat', 'aria-label': 'Chat' }, transcript, composer)));

  for (const m of state.messages) transcript.append(m.view ?? renderMessage(m));
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      composer.requestSubmit();
    }
  });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file) return;
    if (file.size > MAX_IMAGE_BYTES) {
      showAttachment(null, `${file.name} is larger than 5 MB.`);
      return;
    }
    const reader = new FileReader();
    reader.onload = () => showAttachment({ name: file.name, url: reader.result });
    reader.readAsDataURL(file);
  });
  for (const el of [system, temperature, maxTokens, stream, modelSelect]) {
    el.addEventListener('change', () => {
      state.system = system.value;
      state.temperature = temperature.value;
      state.maxTokens = maxTokens.value;
      state.stream = stream.checked;
      state.model = modelSelect.value;
    });
  }

  await loadModels();
  return () => controller?.abort();

  async function loadModels() {
    try {
      const list = await json('/v1/models');
      const chat = (list.data ?? []).filter(m => (m.sluice?.types ?? ['chat']).includes('chat'));
      replace(modelSelect, chat.map(m => h('option', { value: m.id }, m.id)));
      if (chat.length === 0) {
        replace(modelsNote, 'You may call no chat model yet. Ask an admin for access to a provider account.');
        sendButton.disabled = true;
      }
      if (state.model && chat.some(m => m.id === state.model)) modelSelect.value = state.model;
      state.model = modelSelect.value;
    } catch (e) {
      replace(modelsNote, 'Could not list the models: ' + e.message);
    }
  }

  function showAttachment(img, error) {
    image = img;
    attachment.hidden = !img && !error;
    if (error) {
      replace(attachment, h('span', { class: 'error-text', role: 'alert' }, error));
      return;
    }
    if (!img) {
      attachment.replaceChildren();
      return;
    }
    replace(attachment,
      h('img', { src: img.url, alt: 'Attached: ' + img.name }),
      h('span', null, img.name),
      h('button', { type: 'button', class: 'btn ghost small', onclick: () => showAttachment(null) }, 'Remove image'));
  }

  function newChat() {
    controller?.abort();
    state.messages = [];
    transcript.replaceChildren();
    input.focus();
  }

  async function send(ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if ((!text && !image) || controller) return;
    const model = modelSelect.value;
    if (!model) return;

    const content = image
      ? [...(text ? [{ type: 'text', text }] : []), { type: 'image_url', image_url: { url: image.url } }]
      : text;
    const userMessage = { role: 'user', content };
    userMessage.view = renderMessage(userMessage);
    state.messages.push(userMessage);
    transcript.append(userMessage.view);
    input.value = '';
    showAttachment(null);

    const body = { model, messages: [] };
    if (system.value.trim()) body.messages.push({ role: 'system', content: system.value.trim() });
    for (const m of state.messages) {
      if (m.role === 'user' || (m.role === 'assistant' && m.complete)) body.messages.push({ role: m.role, content: m.content });
    }
    if (temperature.value !== '') body.temperature = Number(temperature.value);
    if (maxTokens.value !== '') body.max_tokens = Number(maxTokens.value);
    if (stream.checked) {
      body.stream = true;
      body.stream_options = { include_usage: true };
    }

    const reply = { role: 'assistant', content: '', complete: false, model };
    reply.view = renderMessage(reply);
    reply.view.setAttribute('aria-busy', 'true');
    state.messages.push(reply);
    transcript.append(reply.view);
    scroll();

    controller = new AbortController();
    sendButton.hidden = true;
    stopButton.hidden = false;
    try {
      const res = await request('/v1/chat/completions', { method: 'POST', body, signal: controller.signal });
      setMeta(reply, res.headers);
      if (!res.ok) throw new ApiError(res.status, await readBody(res), res.headers.get('x-request-id'));
      if (body.stream) await readStream(res, reply);
      else {
        const answer = await res.json();
        const msg = answer.choices?.[0]?.message ?? {};
        if (msg.reasoning_content) setReasoning(reply, msg.reasoning_content);
        appendText(reply, msg.content ?? '');
        reply.usage = answer.usage;
        reply.complete = true;
      }
    } catch (e) {
      if (e.name === 'AbortError') showError(reply, 'Stopped.');
      else showError(reply, e.message, e.requestId);
    } finally {
      controller = null;
      sendButton.hidden = false;
      stopButton.hidden = true;
      reply.view.removeAttribute('aria-busy');
      renderMeta(reply);
      scroll();
      input.focus();
    }
  }

  async function readStream(res, reply) {
    let done = false;
    for await (const ev of readSse(res.body)) {
      if (ev.event === 'error') {
        let message = ev.data;
        try {
          message = JSON.parse(ev.data).error?.message ?? message;
        } catch { /* not JSON: show as it came */ }
        showError(reply, message, reply.requestId);
        return;
      }
      if (ev.data === '[DONE]') {
        done = true;
        break;
      }
      const chunk = JSON.parse(ev.data);
      if (chunk.usage) reply.usage = chunk.usage;
      const delta = chunk.choices?.[0]?.delta;
      if (delta?.reasoning_content) setReasoning(reply, (reply.reasoning ?? '') + delta.reasoning_content);
      if (delta?.content) {
        appendText(reply, delta.content);
        scroll();
      }
    }
    if (done) reply.complete = true;
    else showError(reply, 'The stream ended before the answer was complete.', reply.requestId);
  }

  function scroll() {
    transcript.scrollTop = transcript.scrollHeight;
  }
}

function renderMessage(m) {
  const body = h('div', { class: 'msg-body' });
  const view = h('article', { class: 'msg ' + m.role, 'aria-label': m.role === 'user' ? 'You' : 'Assistant' },
    h('div', { class: 'msg-role', 'aria-hidden': 'true' }, m.role === 'user' ? 'You' : 'Assistant'),
    body);
  if (typeof m.content === 'string') body.append(m.content);
  else {
    for (const part of m.content) {
      if (part.type === 'text') body.append(h('p', null, part.text));
      else if (part.type === 'image_url') body.append(h('img', { class: 'msg-image', src: part.image_url.url, alt: 'Attached image' }));
    }
  }
  m.textNode = null;
  return view;
}

function appendText(m, text) {
  if (!m.textNode) {
    m.textNode = document.createTextNode('');
    m.view.querySelector('.msg-body').append(m.textNode);
  }
  m.content += text;
  m.textNode.data = m.content;
}

function setReasoning(m, text) {
  m.reasoning = text;
  let box = m.view.querySelector('.reasoning');
  if (!box) {
    box = h('details', { class: 'reasoning' }, h('summary', null, 'Reasoning'), h('p'));
    m.view.querySelector('.msg-body').before(box);
  }
  box.querySelector('p').textContent = text;
}

function setMeta(m, headers) {
  m.requestId = headers.get('x-request-id');
  m.upstreamModelId = headers.get('x-sluice-upstream-model-id');
  m.region = headers.get('x-sluice-upstream-region');
  m.served = headers.get('x-sluice-model');
}

function showError(m, message, requestId) {
  m.view.classList.add('failed');
  m.view.append(h('p', { class: 'msg-error', role: 'alert' }, message));
  if (requestId) m.requestId = requestId;
}

function renderMeta(m) {
  const items = [];
  if (m.upstreamModelId) items.push(h('span', null, 'Upstream ', h('code', { class: 'upstream-model' }, m.upstreamModelId)));
  if (m.region) items.push(h('span', null, 'Region ', h('strong', { class: 'upstream-region' }, m.region)));
  if (m.usage) {
    items.push(h('span', { class: 'usage' },
      `${m.usage.prompt_tokens ?? 0} in · ${m.usage.completion_tokens ?? 0} out tokens`));
  }
  if (m.requestId) items.push(h('span', null, 'Request ', h('code', { class: 'request-id' }, m.requestId)));
  if (items.length) m.view.append(h('p', { class: 'msg-meta' }, items));
}

// The Playground's chat tab: settings, a streamed (or not) conversation, and each answer's tokens, cost, latency and
// time to first token. The cost is the gateway's own, read from the call's usage record (call-cost.js).
import { request, readBody, ApiError, auth } from '../api.js';
import { h, field, replace, formatUsd } from '../dom.js';
import { readSse } from '../sse.js';
import { recordOf } from './call-cost.js';

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

// Kept across page switches within the tab, so leaving the playground does not lose the conversation.
export const state = { model: '', system: '', temperature: '', maxTokens: '', stream: true, stop: '', jsonMode: false, tools: '', messages: [] };

/** Builds the chat tab for the caller's chat models; `onModel` hears the chosen model. */
export function renderChat(chatModels, onModel) {
  let controller = null;
  let image = null; // {name, url}

  const modelSelect = h('select', { name: 'model', required: true });
  const system = h('textarea', { rows: 4, name: 'system', placeholder: 'You are a helpful assistant.' });
  system.value = state.system;
  const temperature = h('input', { type: 'number', name: 'temperature', min: 0, max: 1, step: 0.1, placeholder: 'default', inputmode: 'decimal' });
  temperature.value = state.temperature;
  const maxTokens = h('input', { type: 'number', name: 'max_tokens', min: 1, step: 1, placeholder: 'default', inputmode: 'numeric' });
  maxTokens.value = state.maxTokens;
  const stream = h('input', { type: 'checkbox', name: 'stream', checked: state.stream });
  const stop = h('textarea', { rows: 2, name: 'stop', placeholder: 'One per line, up to 4' });
  stop.value = state.stop;
  const jsonMode = h('input', { type: 'checkbox', name: 'json_mode', checked: state.jsonMode, id: 'pg-json' });
  const tools = h('textarea', { rows: 5, name: 'tools', class: 'mono', placeholder: '[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]' });
  tools.value = state.tools;
  const toolsError = h('p', { class: 'field-error', id: 'pg-tools-error', hidden: true });
  const modelsNote = h('p', { class: 'hint' });

  const settings = h('aside', { class: 'panel settings', 'aria-label': 'Settings' },
    field('Model', modelSelect),
    modelsNote,
    field('System prompt (optional)', system),
    h('div', { class: 'row' },
      field('Temperature', temperature, { hint: '0 to 1' }),
      field('Max tokens', maxTokens)),
    h('div', { class: 'check' }, stream, h('label', { for: stream.id = 'pg-stream' }, 'Stream the answer')),
    h('details', { class: 'advanced', open: !!(state.stop || state.jsonMode || state.tools) },
      h('summary', null, 'Stop, JSON mode, tools'),
      field('Stop sequences', stop, { hint: 'One per line, up to 4' }),
      h('div', { class: 'check field' }, jsonMode, h('label', { for: 'pg-json' }, 'JSON mode (response_format json_object)')),
      h('div', { class: 'field' }, h('label', { for: tools.id = 'pg-tools' }, 'Tools (JSON)'), tools,
        h('p', { class: 'hint', id: 'pg-tools-hint' }, 'An OpenAI "tools" array; the answer shows the tool calls.'), toolsError)),
    h('button', { type: 'button', class: 'btn ghost', onclick: newChat }, 'New chat'));
  tools.setAttribute('aria-describedby', 'pg-tools-hint');

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

  const view = h('div', { class: 'playground' }, settings, h('section', { class: 'panel chat', 'aria-label': 'Chat' }, transcript, composer));

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
  for (const el of [system, temperature, maxTokens, stream, modelSelect, stop, jsonMode, tools]) {
    el.addEventListener('change', () => {
      state.system = system.value;
      state.temperature = temperature.value;
      state.maxTokens = maxTokens.value;
      state.stream = stream.checked;
      state.model = modelSelect.value;
      state.stop = stop.value;
      state.jsonMode = jsonMode.checked;
      state.tools = tools.value;
      onModel?.(modelSelect.value);
    });
  }

  fillModels(chatModels);
  return { view, abort: () => controller?.abort() };

  function fillModels(chat) {
    if (chat === null) {
      replace(modelsNote, 'Could not list the models.');
      return;
    }
    replace(modelSelect, chat.map(m => h('option', { value: m.id }, m.id)));
    if (chat.length === 0) {
      replace(modelsNote, 'You may call no chat model yet. ' + (auth.user?.tenant_admin
        ? 'Add a provider account with chat models, or give yourself access to one.'
        : 'Ask an admin for access to a provider account.'));
      sendButton.disabled = true;
    }
    if (state.model && chat.some(m => m.id === state.model)) modelSelect.value = state.model;
    state.model = modelSelect.value;
  }

  /** The request's optional fields from the advanced settings; null (with the problem shown) when tools is not valid. */
  function extras() {
    const out = {};
    const stops = stop.value.split('\n').map(x => x.trim()).filter(Boolean);
    if (stops.length) out.stop = stops;
    if (jsonMode.checked) out.response_format = { type: 'json_object' };
    toolsError.hidden = true;
    tools.removeAttribute('aria-invalid');
    if (tools.value.trim()) {
      let parsed;
      try {
        parsed = JSON.parse(tools.value);
      } catch (e) {
        return toolsProblem('Tools is not valid JSON: ' + e.message);
      }
      if (!Array.isArray(parsed)) return toolsProblem('Tools must be a JSON array of {"type": "function", "function": {...}} objects.');
      out.tools = parsed;
    }
    return out;
  }

  function toolsProblem(message) {
    toolsError.textContent = message;
    toolsError.hidden = false;
    tools.setAttribute('aria-invalid', 'true');
    tools.setAttribute('aria-describedby', 'pg-tools-hint pg-tools-error');
    tools.closest('details').open = true;
    tools.focus();
    return null;
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
    const more = extras();
    if (!more) return;

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
    Object.assign(body, more);
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
    reply.started = performance.now();
    reply.streamed = !!body.stream;
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
        for (const call of msg.tool_calls ?? []) addToolCall(reply, call.index ?? 0, call);
        reply.usage = answer.usage;
        reply.complete = true;
      }
    } catch (e) {
      if (e.name === 'AbortError') showError(reply, 'Stopped.');
      else showError(reply, e.message, e.requestId);
    } finally {
      controller = null;
      reply.latency = performance.now() - reply.started;
      sendButton.hidden = false;
      stopButton.hidden = true;
      reply.view.removeAttribute('aria-busy');
      renderMeta(reply);
      showCost(reply);
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
      if (delta && reply.ttft === undefined && (delta.content || delta.reasoning_content || delta.tool_calls)) reply.ttft = performance.now() - reply.started;
      if (delta?.reasoning_content) setReasoning(reply, (reply.reasoning ?? '') + delta.reasoning_content);
      for (const call of delta?.tool_calls ?? []) addToolCall(reply, call.index ?? 0, call);
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

function addToolCall(m, index, call) {
  m.toolCalls ??= [];
  const t = m.toolCalls[index] ??= { name: '', arguments: '', view: null };
  if (call.function?.name) t.name += call.function.name;
  if (call.function?.arguments) t.arguments += call.function.arguments;
  if (!t.view) {
    t.view = h('p', { class: 'tool-call' });
    m.view.querySelector('.msg-body').append(t.view);
  }
  replace(t.view, 'Tool call: ', h('code', null, `${t.name}(${t.arguments})`));
}

// The gateway's cost for the call, once its usage record is written.
async function showCost(m) {
  const slot = m.view.querySelector('.msg-meta .cost');
  if (!slot || !m.requestId) return;
  try {
    const record = await recordOf(m.requestId);
    if (!record) replace(slot, 'Cost not recorded yet (see Usage)');
    else if (record.cost_usd === null || record.cost_usd === undefined) replace(slot, 'Cost unknown (no public or private price covers this call)');
    else replace(slot, 'Cost ', h('strong', null, formatUsd(record.cost_usd)));
  } catch (e) {
    replace(slot, 'Cost unavailable: ' + e.message);
  }
}

function ms(value) {
  return `${Math.round(value).toLocaleString()} ms`;
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
    const cached = m.usage.prompt_tokens_details?.cached_tokens ?? 0;
    items.push(h('span', { class: 'usage' },
      `${m.usage.prompt_tokens ?? 0} in · ${m.usage.completion_tokens ?? 0} out tokens` + (cached ? ` · ${cached} cached` : '')));
  }
  if (m.streamed && m.ttft !== undefined) items.push(h('span', { class: 'ttft' }, 'First token ', h('strong', null, ms(m.ttft))));
  if (m.latency !== undefined) items.push(h('span', { class: 'latency' }, 'Latency ', h('strong', null, ms(m.latency))));
  if (m.requestId && m.usage) items.push(h('span', { class: 'cost' }, 'Cost …'));
  if (m.requestId) items.push(h('span', null, 'Request ', h('code', { class: 'request-id' }, m.requestId)));
  if (items.length) m.view.append(h('p', { class: 'msg-meta' }, items));
}

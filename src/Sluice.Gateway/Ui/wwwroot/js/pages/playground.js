// The Playground: chat (playground-chat.js), the code to make the same call from a program, embeddings and images.
// Each tab lists only the models of its type that the caller may call (GET /v1/models answers exactly those).
import { json } from '../api.js';
import { h, replace } from '../dom.js';
import { createTabs } from '../tabs.js';
import { renderChat, state } from './playground-chat.js';
import { chatSnippets, renderSnippets } from './snippets.js';
import { renderEmbeddings } from './playground-embeddings.js';
import { renderImages } from './playground-images.js';

let lastTab = 'chat';

function ofType(models, type) {
  return models.filter(m => (m.sluice?.types ?? ['chat']).includes(type));
}

export async function render(main, params) {
  let models = null;
  try {
    models = (await json('/v1/models')).data ?? [];
  } catch (e) {
    main.append(h('p', { class: 'banner error', role: 'alert' }, 'Could not list the models: ' + e.message));
  }
  const chatModels = models ? ofType(models, 'chat') : null;
  const code = h('div', { class: 'code-tab' });
  const chat = renderChat(chatModels, () => lastTab === 'code' && showCode());

  function showCode() {
    const model = (chatModels ?? []).find(m => m.id === state.model);
    if (!model) {
      replace(code, h('p', { class: 'empty' }, 'Choose a chat model on the Chat tab first.'));
      return;
    }
    const lastUser = [...state.messages].reverse().find(m => m.role === 'user' && typeof m.content === 'string');
    replace(code,
      h('p', null, 'Call ', h('code', { class: 'code-model' }, model.id), ' from your own code at ', h('code', { class: 'code-base' }, location.origin + '/v1'),
        '. Put your Sluice API key in the ', h('code', null, 'SLUICE_API_KEY'), ' environment variable (an admin creates keys; ',
        h('code', null, './sluice demo'), ' prints one).'),
      renderSnippets(chatSnippets(model, location.origin, {
        system: state.system.trim(), temperature: state.temperature, maxTokens: state.maxTokens, message: lastUser?.content,
      }), 2));
  }

  const tabs = createTabs('pg', 'Playground', [
    { id: 'chat', label: 'Chat', content: () => chat.view, onshow: () => { lastTab = 'chat'; } },
    { id: 'code', label: 'Code', content: () => code, onshow: () => { lastTab = 'code'; showCode(); } },
    { id: 'embeddings', label: 'Embeddings', content: () => renderEmbeddings(models ? ofType(models, 'embedding') : []), onshow: () => { lastTab = 'embeddings'; } },
    { id: 'images', label: 'Images', content: () => renderImages(models ? ofType(models, 'image') : []), onshow: () => { lastTab = 'images'; } },
  ], params?.query?.get('tab') ?? lastTab);

  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Playground')), tabs.list, tabs.panel);
  return () => chat.abort();
}

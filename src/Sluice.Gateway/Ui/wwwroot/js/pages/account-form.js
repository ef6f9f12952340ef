// Create or edit an AWS Bedrock provider account, with its models. Secrets are write-only: an edit shows "stored"
// and sends a secret only when the field is filled in (the gateway keeps the stored one otherwise).
import { auth as caller, json, ApiError, directory, accountPermissions } from '../api.js';
import { h, field, replace, uid } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { cataloguePicker, modelIdFor, slug } from './catalogue-picker.js';
import { collaboratorsEditor } from './collaborators.js';
import { assumeRolePanel } from './assume-role-panel.js';

const AUTH_TYPES = [
  ['access-key-based', 'Access key'],
  ['assumed-role-based', 'Assumed role'],
  ['api-key', 'Bedrock API key'],
];
const TYPE_FROM_CATALOGUE = { text: 'chat', embedding: 'embedding', image: 'image' };

export async function render(main, { name }) {
  const editing = Boolean(name);
  const accountPath = editing ? '/api/v1/provider-accounts/' + encodeURIComponent(name) : null;
  let stored = null;
  // A direct link the caller's role cannot use says why, in the admin API's words, instead of failing on save.
  const denied = editing ? await accountPermissions(name).then(p => (p.update ? null : p.reasons?.update), e => e.message)
    : caller.user?.tenant_admin ? null : 'Only a tenant admin may create provider accounts.';
  if (denied) {
    main.append(h('h1', null, editing ? `Edit ${name}` : 'New AWS Bedrock account'), h('p', { class: 'banner error', role: 'alert' }, denied),
      h('a', { href: editing ? '#/accounts/' + encodeURIComponent(name) : '#/accounts' }, editing ? `Back to ${name}` : 'Back to provider accounts'));
    return;
  }
  let catalogue = { data: [], regions: [] };
  let dir = {};
  try {
    [stored, catalogue, dir] = await Promise.all([
      editing ? json(accountPath) : Promise.resolve(null),
      json('/api/v1/catalogue/bedrock'),
      directory(),
    ]);
  } catch (e) {
    main.append(h('h1', null, editing ? name : 'New provider account'), h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }

  // --- the model list (source of truth for integrations[]) ---
  // A stored model that is a catalogue model (maybe through a geo profile) keeps its catalogue box ticked.
  const catalogueIdOf = id => (catalogue.data ?? []).find(c => id === c.model_id || id.endsWith('.' + c.model_id))?.model_id;
  const models = (stored?.integrations ?? []).map(m => ({
    name: m.name, model_id: m.model_id, region: m.region ?? null, model_types: m.model_types, cost: m.cost ?? null,
    drop_params: m.drop_params === true, raw: m,
    catalogueId: catalogueIdOf(m.model_id),
  }));
  const listeners = [];
  const list = {
    has: id => models.some(m => m.catalogueId === id),
    add: entry => {
      models.push({
        name: uniqueName(slug(entry.display_name)), catalogueId: entry.model_id, entry,
        model_id: modelIdFor(entry, region.value.trim()), region: null,
        model_types: entry.types.map(t => TYPE_FROM_CATALOGUE[t]), cost: null,
      });
      changed();
    },
    remove: id => {
      const i = models.findIndex(m => m.catalogueId === id);
      if (i >= 0) models.splice(i, 1);
      changed();
    },
    onChange: fn => listeners.push(fn),
  };
  function changed() {
    renderList();
    for (const fn of listeners) fn();
  }
  function uniqueName(base) {
    let candidate = base;
    for (let n = 2; models.some(m => m.name === candidate); n++) candidate = `${base}-${n}`;
    return candidate;
  }

  // --- fields ---
  const summary = h('div', { class: 'banner error', role: 'alert', hidden: true });
  const nameInput = h('input', { type: 'text', name: 'name', autocomplete: 'off', spellcheck: 'false', disabled: editing });
  nameInput.value = stored?.name ?? '';
  const region = h('input', { type: 'text', name: 'region', list: 'regions', autocomplete: 'off', spellcheck: 'false', placeholder: 'us-east-1' });
  region.value = stored?.region ?? 'us-east-1';
  const regions = h('datalist', { id: 'regions' }, (catalogue.regions ?? []).map(r => h('option', { value: r })));

  const auth = stored?.auth_data ?? { type: 'access-key-based' };
  const secret = (key) => {
    const input = h('input', { type: 'password', name: key, autocomplete: 'new-password', spellcheck: 'false' });
    if (stored?.auth_data?.[key]) input.placeholder = 'Stored (leave blank to keep)';
    return input;
  };
  const text = (key) => {
    const input = h('input', { type: 'text', name: key, autocomplete: 'off', spellcheck: 'false' });
    input.value = stored?.auth_data?.[key] ?? '';
    return input;
  };
  const authFields = {
    'access-key-based': {
      access_key_id: text('access_key_id'), secret_access_key: secret('secret_access_key'), session_token: secret('session_token'),
    },
    'assumed-role-based': { assumed_role_arn: text('assumed_role_arn'), external_id: text('external_id') },
    'api-key': { api_key: secret('api_key') },
  };
  const labels = {
    access_key_id: 'Access key ID', secret_access_key: 'Secret access key', session_token: 'Session token (optional)',
    assumed_role_arn: 'Role ARN', external_id: 'External ID (optional)', api_key: 'Bedrock API key',
  };
  const hints = {
    assumed_role_arn: 'The gateway assumes this role with its own AWS identity.',
    api_key: 'Sent to Bedrock as a bearer token.',
  };
  const authPanels = {};
  for (const [type, fields] of Object.entries(authFields)) {
    authPanels[type] = h('div', { class: 'auth-panel', hidden: type !== auth.type },
      Object.entries(fields).map(([key, input]) => field(labels[key], input, { path: 'auth_data.' + key, hint: hints[key] })));
  }
  const radios = AUTH_TYPES.map(([value, label]) => {
    const radio = h('input', { type: 'radio', name: 'auth_type', value, id: 'auth-' + value, checked: value === auth.type });
    radio.addEventListener('change', () => {
      for (const [t, panel] of Object.entries(authPanels)) panel.hidden = t !== value;
    });
    return h('span', { class: 'radio' }, radio, h('label', { for: radio.id }, label));
  });

  const endpoint = h('input', { type: 'url', name: 'endpoint_url', spellcheck: 'false', placeholder: 'https://bedrock-runtime.{region}.amazonaws.com' });
  endpoint.value = stored?.endpoint_url ?? '';
  const stsEndpoint = h('input', { type: 'url', name: 'sts_endpoint_url', spellcheck: 'false', placeholder: 'https://sts.{region}.amazonaws.com' });
  stsEndpoint.value = stored?.sts_endpoint_url ?? '';

  // --- models section ---
  const modelList = h('ul', { class: 'model-list', 'aria-label': 'Models to save', 'aria-live': 'polite' });
  function renderList() {
    if (models.length === 0) {
      replace(modelList, h('li', { class: 'empty' }, 'No models yet: pick some from the catalogue or add one by hand.'));
      return;
    }
    replace(modelList, models.map((m, i) => h('li', { class: 'model-item', dataset: { path: `integrations[${i}]` } },
      h('div', { class: 'model-line' },
        h('code', { class: 'model-name' }, m.name),
        h('code', { class: 'muted' }, m.model_id),
        m.region ? h('span', { class: 'tag' }, m.region) : null,
        m.model_types.map(t => h('span', { class: 'tag' }, t)),
        m.cost?.per_1000_tokens ? h('span', { class: 'muted small' }, `cost ${m.cost.per_1000_tokens.input} / ${m.cost.per_1000_tokens.output} per 1K`) : m.cost ? h('span', { class: 'muted small' }, 'private cost') : null,
        m.drop_params ? h('span', { class: 'tag', title: 'Parameters the model cannot honour are dropped instead of refused' }, 'drop_params') : null,
        h('span', { class: 'spacer' }),
        h('button', {
          type: 'button', class: 'btn ghost small', 'aria-label': `Remove ${m.name}`,
          onclick: () => {
            models.splice(i, 1);
            changed();
          },
        }, 'Remove')),
      modelSettings(m, i),
      h('div', { class: 'errors' }))));
  }

  // Region override and private cost of one model, edited in place (the list is not re-rendered while typing).
  function modelSettings(m, i) {
    const idCode = () => modelList.querySelector(`[data-path="integrations[${i}]"] .model-line code.muted`);
    const regionInput = h('input', { type: 'text', list: 'regions', autocomplete: 'off', spellcheck: 'false', placeholder: region.value.trim() || "account's region" });
    regionInput.value = m.region ?? '';
    const per1k = m.cost?.per_1000_tokens;
    const costIn = h('input', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', placeholder: 'public price' });
    const costOut = h('input', { type: 'number', min: 0, step: 'any', inputmode: 'decimal', placeholder: 'public price' });
    costIn.value = per1k?.input ?? '';
    costOut.value = per1k?.output ?? '';
    regionInput.addEventListener('input', () => {
      m.region = regionInput.value.trim() || null;
      // A catalogue model is called by the ID its own region knows it by (maybe an inference profile).
      if (m.entry) {
        m.model_id = modelIdFor(m.entry, m.region ?? region.value.trim());
        const code = idCode();
        if (code) code.textContent = m.model_id;
      }
    });
    const setCost = () => {
      m.cost = costIn.value === '' && costOut.value === '' ? (per1k ? null : m.cost)
        : { per_1000_tokens: { input: Number(costIn.value || 0), output: Number(costOut.value || 0) } };
    };
    costIn.addEventListener('input', setCost);
    costOut.addEventListener('input', setCost);
    const details = h('details', { class: 'model-settings', open: Boolean(m.open) },
      h('summary', { 'aria-label': `Region and private cost of ${m.name}` }, 'Region and private cost'),
      h('div', { class: 'row' },
        field('Region override', regionInput, { path: `integrations[${i}].region` }),
        field('Private input cost per 1000 tokens (USD)', costIn, { path: `integrations[${i}].cost` }),
        field('Private output cost per 1000 tokens (USD)', costOut)));
    details.addEventListener('toggle', () => { m.open = details.open; });
    return details;
  }

  const picker = cataloguePicker(catalogue.data ?? [], list, () => region.value.trim());
  region.addEventListener('input', () => {
    for (const m of models) {
      if (m.entry) m.model_id = modelIdFor(m.entry, region.value.trim());
    }
    changed();
  });

  const hand = handForm(models, changed, uniqueName);

  const collaborators = collaboratorsEditor(stored?.collaborators ?? [], dir);
  const rolePanel = assumeRolePanel({
    roleArn: authFields['assumed-role-based'].assumed_role_arn,
    externalId: authFields['assumed-role-based'].external_id,
    region, stsEndpoint,
  });
  rolePanel.hidden = auth.type !== 'assumed-role-based';
  for (const radio of radios.map(r => r.querySelector('input'))) {
    radio.addEventListener('change', () => { rolePanel.hidden = radio.value !== 'assumed-role-based'; });
  }

  const collabTitle = uid('collab');
  const form = h('form', { class: 'account-form', novalidate: true, onsubmit: save },
    summary,
    h('section', { class: 'panel' },
      h('h2', null, 'Account'),
      h('div', { class: 'row' },
        field('Name', nameInput, { path: 'name', hint: editing ? 'Accounts cannot be renamed.' : '3-32 lowercase letters, digits or "-". Callers use it as the model prefix.' }),
        field('Region', region, { path: 'region', hint: "The models' default region." })),
      regions),
    h('section', { class: 'panel' },
      h('h2', null, 'Authentication'),
      h('fieldset', { class: 'radios', dataset: { path: 'auth_data' } }, h('legend', null, 'Method'), radios, h('div', { class: 'errors' })),
      Object.values(authPanels),
      rolePanel,
      h('details', { class: 'advanced', open: Boolean(stored?.endpoint_url || stored?.sts_endpoint_url) },
        h('summary', null, 'Custom endpoints (optional)'),
        field('Bedrock runtime endpoint', endpoint, { path: 'endpoint_url', hint: 'For VPC endpoints; {region} is replaced by the model\'s region.' }),
        field('STS endpoint', stsEndpoint, { path: 'sts_endpoint_url' }))),
    h('section', { class: 'panel' },
      h('h2', null, 'Models'),
      h('div', { dataset: { path: 'integrations' } }, modelList, h('div', { class: 'errors' })),
      h('details', { class: 'pick', open: !editing || models.length === 0 },
        h('summary', null, 'Pick from the catalogue'),
        picker.element),
      h('details', { class: 'pick' },
        h('summary', null, 'Add a model by hand'),
        hand)),
    h('section', { class: 'panel', 'aria-labelledby': collabTitle },
      h('h2', { id: collabTitle }, 'Collaborators'),
      h('p', { class: 'hint' }, 'Who may use the account besides tenant admins: a Manager edits it, a User calls its models.'),
      collaborators.element),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, editing ? 'Save changes' : 'Create account'),
      h('a', { class: 'btn ghost', href: editing ? '#/accounts/' + encodeURIComponent(name) : '#/accounts' }, 'Cancel')));

  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/accounts' }, 'Provider accounts'), ' / ',
      editing ? h('a', { href: '#/accounts/' + encodeURIComponent(name) }, name) : null),
    h('div', { class: 'page-head' }, h('h1', null, editing ? `Edit ${name}` : 'New AWS Bedrock account')),
    form);
  renderList();

  async function save(ev) {
    ev.preventDefault();
    summary.hidden = true;
    clearProblems(form);
    const type = form.querySelector('input[name="auth_type"]:checked').value;
    const authData = { type };
    for (const [key, input] of Object.entries(authFields[type])) {
      if (input.value.trim() !== '') authData[key] = input.value.trim();
    }
    const body = {
      name: editing ? name : nameInput.value.trim(),
      type: 'provider-account/aws-bedrock',
      region: region.value.trim(),
      auth_data: authData,
      integrations: models.map(toBody),
      collaborators: collaborators.value(),
    };
    if (endpoint.value.trim()) body.endpoint_url = endpoint.value.trim();
    if (stsEndpoint.value.trim()) body.sts_endpoint_url = stsEndpoint.value.trim();

    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      await json(editing ? accountPath : '/api/v1/provider-accounts', { method: editing ? 'PUT' : 'POST', body });
      location.hash = '#/accounts/' + encodeURIComponent(body.name);
    } catch (e) {
      const unplaced = e instanceof ApiError ? showProblems(form, e.details) : [];
      summary.hidden = false;
      replace(summary, h('p', null, e.details?.length ? `Please fix ${e.details.length === 1 ? 'this problem' : `these ${e.details.length} problems`}.` : e.message),
        unplaced.length ? h('ul', null, unplaced.map(d => h('li', null, d.path ? `${d.path}: ${d.message}` : d.message))) : null);
      if (!e.details?.length || unplaced.length === e.details.length) summary.scrollIntoView({ block: 'nearest' });
    } finally {
      submit.disabled = false;
    }
  }
}

function toBody(m) {
  if (m.raw) {
    // A stored model goes back as it was (keeps authorized_subjects and anything else) with its edited region and cost.
    const body = { ...m.raw };
    if (m.region) body.region = m.region;
    else delete body.region;
    if (m.cost) body.cost = m.cost;
    else delete body.cost;
    return body;
  }
  const body = { name: m.name, type: 'integration/model/bedrock', model_id: m.model_id, model_types: m.model_types };
  if (m.region) body.region = m.region;
  if (m.cost) body.cost = m.cost;
  if (m.drop_params) body.drop_params = true;
  return body;
}

// "Add a model by hand": any model ID, inference profile ID or ARN, with an optional region and private cost.
function handForm(models, changed, uniqueName) {
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const name = h('input', { type: 'text', name: 'model_name', autocomplete: 'off', spellcheck: 'false' });
  const modelId = h('input', { type: 'text', name: 'model_id', autocomplete: 'off', spellcheck: 'false', placeholder: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
  const region = h('input', { type: 'text', name: 'model_region', list: 'regions', autocomplete: 'off', spellcheck: 'false', placeholder: "account's region" });
  const types = ['chat', 'embedding', 'image'].map(t => {
    const box = h('input', { type: 'checkbox', id: 'hand-type-' + t, value: t, checked: t === 'chat' });
    return { t, box, el: h('span', { class: 'radio' }, box, h('label', { for: box.id }, t)) };
  });
  const costIn = h('input', { type: 'number', name: 'cost_input', min: 0, step: 'any', inputmode: 'decimal' });
  const costOut = h('input', { type: 'number', name: 'cost_output', min: 0, step: 'any', inputmode: 'decimal' });
  const dropParams = h('input', { type: 'checkbox', id: 'hand-drop-params', name: 'drop_params' });

  function add() {
    error.hidden = true;
    const id = modelId.value.trim();
    if (!id) {
      error.hidden = false;
      error.textContent = 'Enter a model ID, inference profile ID or ARN.';
      modelId.focus();
      return;
    }
    const picked = types.filter(x => x.box.checked).map(x => x.t);
    const fallbackName = slug(id.split('/').pop().replace(/^(us|eu|apac|global|jp|au|us-gov)\./, '').replace(/^[a-z]+\./, '').replace(/:\d+$/, ''));
    const entry = {
      name: name.value.trim() || uniqueName(fallbackName || 'model'),
      model_id: id, region: region.value.trim() || null, model_types: picked.length ? picked : ['chat'], cost: null,
    };
    if (costIn.value !== '' || costOut.value !== '') {
      entry.cost = { per_1000_tokens: { input: Number(costIn.value || 0), output: Number(costOut.value || 0) } };
    }
    if (dropParams.checked) entry.drop_params = true;
    models.push(entry);
    changed();
    for (const input of [name, modelId, region, costIn, costOut]) input.value = '';
    dropParams.checked = false;
    modelId.focus();
  }

  // Enter in these fields adds the model instead of submitting the whole account.
  const container = h('div', { class: 'hand stack' },
    h('div', { class: 'row' },
      field('Model ID, profile ID or ARN', modelId),
      field('Name (optional)', name, { hint: 'Called as account/name.' })),
    h('div', { class: 'row' },
      field('Region override (optional)', region),
      h('fieldset', { class: 'radios' }, h('legend', null, 'Types'), types.map(x => x.el))),
    h('div', { class: 'row' },
      field('Private cost per 1000 input tokens (USD, optional)', costIn),
      field('Private cost per 1000 output tokens', costOut)),
    h('span', { class: 'radio' }, dropParams, h('label', { for: dropParams.id },
      'drop_params: drop request parameters the model cannot honour (n, logprobs, seed...) instead of refusing them')),
    error,
    h('div', null, h('button', { type: 'button', class: 'btn', onclick: add }, 'Add model')));
  container.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target instanceof HTMLInputElement) {
      ev.preventDefault();
      add();
    }
  });
  return container;
}

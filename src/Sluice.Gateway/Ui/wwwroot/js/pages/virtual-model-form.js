// Create or edit one virtual model: its group, types, strategy and targets (weight or priority, retries, fallback).
// Saved by applying the whole group document (POST /api/v1/apply), so the gateway validates it like any manifest and
// its problems appear next to the fields they name.
import { auth, json, ApiError, accountPermissions, applyManifest, directory, virtualModelGroup, virtualModelGroups } from '../api.js';
import { h, field, replace, uid } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { collaboratorsEditor } from './collaborators.js';
import { STRATEGIES } from './virtual-models.js';

const TYPES = ['chat', 'embedding', 'image'];

export async function render(main, { group: groupParam, model: modelParam, query }) {
  const editing = Boolean(modelParam);
  const presetGroup = groupParam ?? query?.get('group') ?? '';
  // Creating a group needs a tenant admin, changing one its manager: a direct link says why in the API's words.
  const denied = presetGroup ? await accountPermissions(presetGroup).then(p => (p.update ? null : p.reasons?.update), e => (e.status === 403 || e.status === 404) && !auth.user?.tenant_admin ? e.message : null)
    : auth.user?.tenant_admin ? null : 'Only a tenant admin may create provider accounts.';
  if (denied) {
    main.append(h('h1', null, editing ? `Edit ${presetGroup}/${modelParam}` : 'New virtual model'), h('p', { class: 'banner error', role: 'alert' }, denied),
      h('a', { href: '#/virtual-models' }, 'Back to virtual models'));
    return;
  }
  let accounts;
  let groups;
  let dir;
  let stored = null;
  try {
    [accounts, groups, dir, stored] = await Promise.all([
      json('/api/v1/provider-accounts').then(r => r.data ?? []),
      virtualModelGroups().then(r => r.data ?? []),
      auth.user?.tenant_admin ? directory() : Promise.resolve({}),
      presetGroup ? virtualModelGroup(presetGroup).catch(e => (e.status === 404 ? null : Promise.reject(e))) : Promise.resolve(null),
    ]);
  } catch (e) {
    main.append(h('h1', null, editing ? `Edit ${presetGroup}/${modelParam}` : 'New virtual model'), h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }
  const existing = editing ? (stored?.integrations ?? []).find(m => m.name === modelParam) : null;
  if (editing && !existing) {
    main.append(h('h1', null, `Edit ${presetGroup}/${modelParam}`), h('p', { class: 'banner error', role: 'alert' }, `The group "${presetGroup}" has no virtual model "${modelParam}".`));
    return;
  }

  // Real models only: a target cannot be another virtual model.
  const realModels = accounts.flatMap(a => (a.integrations ?? []).map(m => ({ id: `${a.name}/${m.name}`, types: m.model_types ?? [] })));
  const summary = h('div', { class: 'banner error', role: 'alert', hidden: true });
  const groupInput = h('input', { type: 'text', name: 'group', list: 'vm-groups', autocomplete: 'off', spellcheck: 'false', disabled: editing });
  groupInput.value = presetGroup;
  const nameInput = h('input', { type: 'text', name: 'name', autocomplete: 'off', spellcheck: 'false', disabled: editing });
  nameInput.value = existing?.name ?? '';
  const types = TYPES.map(t => {
    const box = h('input', { type: 'checkbox', id: 'vm-type-' + t, value: t, checked: (existing?.model_types ?? ['chat']).includes(t) });
    return { t, box, el: h('span', { class: 'radio' }, box, h('label', { for: box.id }, t)) };
  });
  const routing = existing?.routing_config ?? { type: 'priority-based-routing', load_balance_targets: [] };
  const strategies = Object.entries(STRATEGIES).map(([value, label]) => {
    const radio = h('input', { type: 'radio', name: 'strategy', value, id: 'vm-' + value, checked: value === routing.type });
    radio.addEventListener('change', renderTargets);
    return h('span', { class: 'radio' }, radio, h('label', { for: radio.id }, label));
  });
  const strategy = () => main.querySelector('input[name="strategy"]:checked')?.value ?? 'priority-based-routing';

  const targets = (routing.load_balance_targets ?? []).map(t => ({ ...t }));
  if (targets.length === 0) targets.push({ target: '' });
  const targetList = h('ol', { class: 'vm-targets', 'aria-label': 'Targets' });

  function renderTargets() {
    const s = strategy();
    replace(targetList, targets.map((t, i) => {
      const n = i + 1;
      const path = `integrations[0].routing_config.load_balance_targets[${i}]`;
      const select = h('select', { name: 'target' }, h('option', { value: '' }, 'Choose a model…'),
        realModels.map(m => h('option', { value: m.id, selected: m.id === t.target }, `${m.id} (${m.types.join(', ')})`)));
      if (t.target && !realModels.some(m => m.id === t.target)) select.append(h('option', { value: t.target, selected: true }, `${t.target} (not found)`));
      select.addEventListener('change', () => { t.target = select.value; });
      const order = h('input', { type: 'number', min: 0, max: s === 'weight-based-routing' ? 100 : null, step: 1, inputmode: 'numeric' });
      order.value = s === 'weight-based-routing' ? (t.weight ?? (targets.length === 1 ? 100 : '')) : (t.priority ?? i);
      order.addEventListener('input', () => {
        const v = order.value === '' ? undefined : Number(order.value);
        if (s === 'weight-based-routing') t.weight = v;
        else t.priority = v;
      });
      if (s === 'weight-based-routing' && t.weight === undefined && order.value !== '') t.weight = Number(order.value);
      if (s === 'priority-based-routing' && t.priority === undefined) t.priority = Number(order.value);
      const attempts = numberInput(t.retry_config?.attempts, v => setRetry(t, 'attempts', v));
      const delay = numberInput(t.retry_config?.delay, v => setRetry(t, 'delay', v));
      const retryOn = codesInput(t.retry_config?.on_status_codes, v => setRetry(t, 'on_status_codes', v));
      const fallbackOn = codesInput(t.fallback_status_codes, v => { t.fallback_status_codes = v; });
      const candidate = h('input', { type: 'checkbox', id: uid(), checked: t.fallback_candidate !== false });
      candidate.addEventListener('change', () => { t.fallback_candidate = candidate.checked ? undefined : false; });
      return h('li', { class: 'vm-target', dataset: { path } },
        h('div', { class: 'section-head' }, h('h3', null, `Target ${n}`),
          targets.length > 1 ? h('button', { type: 'button', class: 'btn ghost small', 'aria-label': `Remove target ${n}`, onclick: () => {
            targets.splice(i, 1);
            renderTargets();
          } }, 'Remove') : null),
        h('div', { class: 'row' },
          field('Model', select, { path: path + '.target' }),
          s === 'latency-based-routing' ? null
            : field(s === 'weight-based-routing' ? 'Weight (0-100)' : 'Priority (lower first)', order, { path: path + (s === 'weight-based-routing' ? '.weight' : '.priority') })),
        h('details', { class: 'advanced', open: Boolean(t.retry_config || t.fallback_status_codes || t.fallback_candidate === false) },
          h('summary', null, 'Retries and fallback'),
          h('div', { class: 'row' },
            field('Retry attempts (0-10)', attempts, { path: path + '.retry_config.attempts', hint: 'Default 2' }),
            field('Retry delay (ms)', delay, { path: path + '.retry_config.delay', hint: 'Default 100, doubled per retry' }),
            field('Retry on statuses', retryOn, { path: path + '.retry_config.on_status_codes', hint: 'Default 429, 500, 502, 503' }),
            field('Fall back on statuses', fallbackOn, { path: path + '.fallback_status_codes', hint: 'Default 401, 403, 404, 429, 500, 502, 503' })),
          h('span', { class: 'check' }, candidate, h('label', { for: candidate.id }, 'May serve as a fallback for other targets'))),
        h('div', { class: 'errors' }));
    }));
  }

  const groupNew = !stored;
  const collaborators = groupNew && auth.user?.tenant_admin ? collaboratorsEditor([{ subject: 'team:everyone', role_id: 'provider-account-access' }], dir) : null;
  const collabTitle = uid('collab');
  const form = h('form', { class: 'vm-form', novalidate: true, onsubmit: save },
    summary,
    h('section', { class: 'panel' },
      h('h2', null, 'Virtual model'),
      h('div', { class: 'row' },
        field('Group', groupInput, { path: 'name', hint: editing ? 'Callers use group/name.' : 'An existing group, or a new one (3-64 letters, digits or "-").' }),
        field('Name', nameInput, { path: 'integrations[0].name', hint: 'Called as group/name.' })),
      h('datalist', { id: 'vm-groups' }, groups.map(g => h('option', { value: g.name }))),
      h('fieldset', { class: 'radios', dataset: { path: 'integrations[0].model_types' } }, h('legend', null, 'Types'), types.map(x => x.el), h('div', { class: 'errors' })),
      h('fieldset', { class: 'radios', dataset: { path: 'integrations[0].routing_config' } }, h('legend', null, 'Strategy'), strategies,
        h('p', { class: 'hint full' }, 'Weight: random, in proportion. Priority: the lowest first, the next on failure. Latency: the fastest measured.'),
        h('div', { class: 'errors' }))),
    h('section', { class: 'panel' },
      h('h2', null, 'Targets'),
      h('div', { dataset: { path: 'integrations[0].routing_config.load_balance_targets' } }, targetList, h('div', { class: 'errors' })),
      h('button', { type: 'button', class: 'btn', onclick: () => {
        targets.push({ target: '' });
        renderTargets();
        targetList.lastElementChild?.querySelector('select')?.focus();
      } }, 'Add target')),
    collaborators ? h('section', { class: 'panel', 'aria-labelledby': collabTitle },
      h('h2', { id: collabTitle }, 'Who may call it'),
      h('p', { class: 'hint' }, 'Collaborators of a new group: a User may call its virtual models, a Manager also edit them.'),
      collaborators.element) : null,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn primary' }, editing ? 'Save changes' : 'Create virtual model'),
      h('a', { class: 'btn ghost', href: '#/virtual-models' }, 'Cancel')));

  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/virtual-models' }, 'Virtual models'), ' / '),
    h('div', { class: 'page-head' }, h('h1', null, editing ? `Edit ${presetGroup}/${modelParam}` : 'New virtual model')),
    form);
  renderTargets();

  async function save(ev) {
    ev.preventDefault();
    summary.hidden = true;
    clearProblems(form);
    const group = groupInput.value.trim();
    const s = strategy();
    const model = {
      ...(existing ?? {}),
      name: editing ? modelParam : nameInput.value.trim(),
      type: 'integration/model/virtual',
      model_types: types.filter(x => x.box.checked).map(x => x.t),
      routing_config: {
        ...(existing?.routing_config ?? {}),
        type: s,
        load_balance_targets: targets.map(t => targetBody(t, s)),
      },
    };
    // The group as stored (when it exists), with this model replaced or added; the edited model goes first in the
    // request so its problems' paths (integrations[0]...) land on this form's fields.
    let current = stored;
    if (!editing && group !== presetGroup) current = groups.find(g => g.name === group) ?? null;
    const others = (current?.integrations ?? []).filter(m => m.name !== model.name);
    const document = {
      ...(current ?? { collaborators: collaborators?.value() ?? [] }),
      name: group,
      type: 'provider-account/virtual-model',
      integrations: [model, ...others],
    };
    const submit = form.querySelector('button[type="submit"]');
    submit.disabled = true;
    try {
      await applyManifest(document);
      location.hash = '#/virtual-models';
    } catch (e) {
      const unplaced = e instanceof ApiError ? showProblems(form, e.details) : [];
      summary.hidden = false;
      replace(summary, h('p', null, e.details?.length ? `Please fix ${e.details.length === 1 ? 'this problem' : `these ${e.details.length} problems`}.` : e.message),
        unplaced.length ? h('ul', null, unplaced.map(d => h('li', null, d.path ? `${d.path}: ${d.message}` : d.message))) : null);
      summary.scrollIntoView({ block: 'nearest' });
    } finally {
      submit.disabled = false;
    }
  }
}

function targetBody(t, strategy) {
  const body = { ...t };
  if (strategy !== 'weight-based-routing') delete body.weight;
  if (strategy !== 'priority-based-routing') delete body.priority;
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  if (body.retry_config && Object.keys(body.retry_config).length === 0) delete body.retry_config;
  return body;
}

function setRetry(t, key, value) {
  t.retry_config = { ...(t.retry_config ?? {}) };
  if (value === undefined) delete t.retry_config[key];
  else t.retry_config[key] = value;
  // attempts is required inside retry_config: a delay or status list alone keeps the default 2 attempts.
  if (Object.keys(t.retry_config).length > 0 && t.retry_config.attempts === undefined) t.retry_config.attempts = 2;
  if (Object.keys(t.retry_config).length === 1 && key === 'attempts' && value === undefined) delete t.retry_config;
}

function numberInput(value, onChange) {
  const input = h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', placeholder: 'default' });
  input.value = value ?? '';
  input.addEventListener('input', () => onChange(input.value === '' ? undefined : Number(input.value)));
  return input;
}

function codesInput(value, onChange) {
  const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'default', inputmode: 'numeric' });
  input.value = (value ?? []).join(', ');
  input.addEventListener('input', () => {
    const codes = input.value.split(/[\s,]+/).filter(Boolean);
    onChange(codes.length ? codes : undefined);
  });
  return input;
}

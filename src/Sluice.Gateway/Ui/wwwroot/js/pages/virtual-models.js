// Virtual models: every group the caller has a role on, its models, their strategy and targets, and the live health
// of each target (from this gateway instance's memory: cooling down or not, recent failures, measured latency).
import { auth, accountPermissions, virtualModelGroups, virtualModelHealth, deleteVirtualModelGroup } from '../api.js';
import { h, replace, statusBox, showStatus } from '../dom.js';
import { describeSubject, roleLabel } from './collaborators.js';

export const STRATEGIES = {
  'weight-based-routing': 'Weight',
  'priority-based-routing': 'Priority',
  'latency-based-routing': 'Latency',
};
const REFRESH_MS = 5000;

export async function render(main) {
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Virtual models'),
    auth.user?.tenant_admin ? h('a', { class: 'btn primary', href: '#/virtual-models/new' }, 'New virtual model') : null,
    h('p', { class: 'hint' }, 'A virtual model (group/name) routes each call to one of its targets, with retries and fallbacks. ',
      'Health is live: a target that failed twice within 2 minutes cools down for 30 seconds.')));
  const status = statusBox();
  main.append(status);
  let groups;
  try {
    groups = (await virtualModelGroups()).data ?? [];
  } catch (e) {
    main.append(h('p', { class: 'banner error', role: 'alert' }, e.message));
    return;
  }
  if (groups.length === 0) {
    main.append(h('p', { class: 'empty' }, auth.user?.tenant_admin ? 'No virtual model yet.' : 'No virtual model you have a role on.'));
    return;
  }

  const healthViews = [];
  for (const group of groups) {
    const can = await accountPermissions(group.name).catch(() => ({}));
    const section = h('section', { class: 'panel vm-group', 'aria-labelledby': 'vm-' + group.name });
    section.append(h('div', { class: 'section-head' },
      h('h2', { id: 'vm-' + group.name }, group.name),
      h('div', { class: 'toolbar' },
        can.update ? h('a', { class: 'btn small', href: `#/virtual-models/new?group=${encodeURIComponent(group.name)}` }, 'Add a virtual model') : null,
        can.delete ? h('button', { type: 'button', class: 'btn small danger ghost', onclick: () => remove(group) }, 'Delete group') : null)),
      (group.collaborators ?? []).length
        ? h('p', { class: 'small muted' }, 'Collaborators: ', group.collaborators.map((c, i) => [i ? ', ' : '', `${describeSubject(c.subject)} ${roleLabel(c.role_id)}`]))
        : ''); // section.append would write null as text
    for (const model of group.integrations ?? []) {
      const view = modelView(group.name, model, can.update);
      section.append(view.element);
      healthViews.push(view);
    }
    main.append(section);
  }

  // Health is polled while the page is open; the timer stops when the page goes away.
  const refresh = async () => {
    for (const name of new Set(healthViews.map(v => v.group))) {
      try {
        const health = await virtualModelHealth(name);
        for (const m of health.data ?? []) healthViews.find(v => v.fullName === m.model)?.update(m);
      } catch (e) {
        showStatus(status, 'error', 'Could not read the health: ' + e.message);
      }
    }
  };
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);

  async function remove(group) {
    if (!confirm(`Delete the group "${group.name}" and its ${group.integrations?.length ?? 0} virtual models? Callers lose them at once.`)) return;
    try {
      await deleteVirtualModelGroup(group.name);
      location.hash = '#/virtual-models?deleted=' + encodeURIComponent(group.name);
    } catch (e) {
      showStatus(status, 'error', e.message);
    }
  }
}

function modelView(group, model, canEdit) {
  const fullName = `${group}/${model.name}`;
  const routing = model.routing_config ?? {};
  const strategy = routing.type;
  const targets = routing.load_balance_targets ?? [];
  const cells = new Map();
  const callable = h('span', { class: 'tag' }, 'checking…');
  const rows = targets.map(t => {
    const health = h('td', { class: 'health' }, '…');
    const latency = h('td', { class: 'num' }, '—');
    cells.set(t.target, { health, latency });
    return h('tr', null,
      h('td', null, h('code', null, t.target)),
      h('td', { class: 'num' }, strategy === 'weight-based-routing' ? String(t.weight ?? 0) : strategy === 'priority-based-routing' ? String(t.priority ?? 0) : '—'),
      h('td', null, retryText(t)),
      h('td', null, t.fallback_candidate === false ? 'never a fallback' : (t.fallback_status_codes ?? ['default']).join(', ')),
      health, latency);
  });
  const element = h('article', { class: 'vm-model', 'aria-labelledby': 'vmm-' + fullName },
    h('div', { class: 'vm-head' },
      h('h3', { id: 'vmm-' + fullName }, h('code', null, fullName)),
      h('span', { class: 'tag' }, (STRATEGIES[strategy] ?? strategy) + ' routing'),
      (model.model_types ?? []).map(t => h('span', { class: 'tag' }, t)),
      callable,
      h('span', { class: 'spacer' }),
      canEdit ? h('a', { class: 'btn small', href: `#/virtual-models/${encodeURIComponent(group)}/${encodeURIComponent(model.name)}/edit`, 'aria-label': `Edit ${fullName}` }, 'Edit') : null),
    h('div', { class: 'table-wrap' }, h('table', { 'aria-label': `Targets of ${fullName}` },
      h('thead', null, h('tr', null, ['Target', strategy === 'weight-based-routing' ? 'Weight' : strategy === 'priority-based-routing' ? 'Priority' : 'Order', 'Retries', 'Falls back on', 'Health', 'Latency']
        .map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows))));

  function update(m) {
    callable.className = 'tag' + (m.callable ? '' : ' tag-bad');
    callable.textContent = m.callable ? 'callable' : 'not callable: no target left';
    for (const t of m.targets ?? []) {
      const c = cells.get(t.target);
      if (!c) continue;
      if (!t.present) {
        replace(c.health, h('span', { class: 'health-bad' }, 'missing: no such model'));
        continue;
      }
      const recent = t.failures_in_window ? `${t.failures_in_window} recent failure${t.failures_in_window > 1 ? 's' : ''}` : null;
      const last = t.last_failure_status ? `last failure ${t.last_failure_status}, ${ago(t.last_failure_seconds_ago)}` : 'no failure yet';
      replace(c.health,
        t.healthy ? h('span', { class: 'health-ok' }, 'Healthy') : h('span', { class: 'health-bad' }, `Cooling down (${Math.ceil(t.cool_down_remaining_ms / 1000)} s left)`),
        h('span', { class: 'small muted block' }, [recent, last, t.total_failures ? `${t.total_failures} since start` : null].filter(Boolean).join(' · ')));
      replace(c.latency, t.time_to_first_token_ms != null || t.time_per_output_token_ms != null
        ? [t.time_to_first_token_ms != null ? `TTFT ${t.time_to_first_token_ms} ms` : null, t.time_per_output_token_ms != null ? `${t.time_per_output_token_ms} ms/token` : null].filter(Boolean).join(' · ')
        : h('span', { class: 'muted' }, 'not measured yet'));
    }
  }
  return { element, group, fullName, update };
}

function retryText(t) {
  const r = t.retry_config;
  if (!r) return h('span', { class: 'muted' }, 'default');
  return `${r.attempts}× after ${r.delay ?? 100} ms on ${(r.on_status_codes ?? ['429', '500', '502', '503']).join(', ')}`;
}

function ago(seconds) {
  if (seconds == null) return '';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

// Limits and budgets: the rules of the stored rate-limit and budget documents, current use against each with its
// reset time, the latest threshold alerts, and (for tenant admins) an editor that applies the documents as a manifest.
import { auth, ApiError, applyManifest, limitAlerts, limitDocuments, limitStatus, request, readBody } from '../api.js';
import { h, field, replace, formatTime, formatUsd, statusBox, showStatus } from '../dom.js';

const EXAMPLE = `name: rate-limits
type: gateway-rate-limiting-config
rules:
  - {id: per-user-rpm, when: {}, limit_to: 60, unit: requests_per_minute, rate_limit_applies_per: [user]}
`;

export async function render(main) {
  const admin = Boolean(auth.user?.tenant_admin);
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Limits and budgets'),
    h('p', { class: 'hint' }, 'A call over a limit is refused with 429 before it reaches Bedrock. Windows start at UTC boundaries.')));

  // --- current use ---
  const subject = h('input', { type: 'text', name: 'subject', autocomplete: 'off', spellcheck: 'false', placeholder: 'user:alice@example.com' });
  const useBox = h('div', { 'aria-live': 'polite' });
  const useStatus = statusBox();
  async function loadUse(ev) {
    ev?.preventDefault();
    showStatus(useStatus, 'pending', 'Loading…');
    try {
      const s = await limitStatus(subject.value.trim());
      showStatus(useStatus, null);
      replace(useBox, useTable(s));
    } catch (e) {
      showStatus(useStatus, 'error', e.message);
      useBox.replaceChildren();
    }
  }
  main.append(h('section', { class: 'panel', 'aria-labelledby': 'use-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'use-title' }, 'Current use')),
    h('form', { class: 'limits-subject', onsubmit: loadUse },
      admin ? field('Subject', subject, { hint: 'Empty: yourself. A user (user:EMAIL) or a virtual account (virtualaccount:NAME).' }) : null,
      h('button', { type: 'submit', class: 'btn' }, 'Refresh')),
    useStatus, useBox));

  // --- rules, alerts, editor: tenant admins ---
  if (!admin) {
    await loadUse();
    return;
  }
  const rulesBox = h('div');
  const alertsBox = h('div');
  const editorText = h('textarea', { rows: 14, name: 'manifest', spellcheck: 'false', class: 'mono' });
  const editorStatus = statusBox();
  main.append(
    h('section', { class: 'panel', 'aria-labelledby': 'rules-title' }, h('h2', { id: 'rules-title' }, 'Rules'), rulesBox),
    h('section', { class: 'panel', 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, 'Alerts'), alertsBox),
    h('section', { class: 'panel', 'aria-labelledby': 'edit-title' },
      h('h2', { id: 'edit-title' }, 'Edit the documents'),
      h('form', { class: 'stack', onsubmit: ev => apply(ev, false) },
        field('Manifest (YAML or JSON)', editorText, { path: '', hint: 'Every rate-limit and budget document, as stored. Applying creates or updates the documents named here; use Delete above to remove one.' }),
        editorStatus,
        h('div', { class: 'form-actions' },
          h('button', { type: 'button', class: 'btn', onclick: ev => apply(ev, true) }, 'Check'),
          h('button', { type: 'submit', class: 'btn primary' }, 'Apply')))));

  async function loadRules() {
    try {
      const docs = (await limitDocuments()).data ?? [];
      replace(rulesBox, docs.length === 0 ? h('p', { class: 'empty' }, 'No rate limit or budget: every call is allowed.') : docs.map(ruleTable));
      if (!editorText.value) editorText.value = docs.length ? JSON.stringify(docs, null, 2) : EXAMPLE;
    } catch (e) {
      replace(rulesBox, h('p', { class: 'banner error', role: 'alert' }, e.message));
    }
  }
  async function loadAlerts() {
    try {
      const alerts = (await limitAlerts()).data ?? [];
      replace(alertsBox, alerts.length === 0 ? h('p', { class: 'empty' }, 'No alert yet. A budget with alerts notifies when its use crosses a threshold.')
        : h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Alerts' },
          h('thead', null, h('tr', null, ['When', 'Rule', 'Subject', 'Threshold', 'Use', 'Period ends'].map(t => h('th', { scope: 'col' }, t)))),
          h('tbody', null, alerts.map(a => h('tr', null,
            h('td', { class: 'nowrap' }, formatTime(a.at)), h('td', null, a.rule), h('td', null, a.subject),
            h('td', { class: 'num' }, a.threshold_percent + '%'), h('td', null, number(a.used, a.unit), ' of ', amount(a.limit, a.unit)),
            h('td', { class: 'nowrap' }, formatTime(a.period_end))))))));
    } catch (e) {
      replace(alertsBox, h('p', { class: 'banner error', role: 'alert' }, e.message));
    }
  }

  function ruleTable(doc) {
    const rules = doc.rules ?? (doc.limits ? doc.limits : doc.budgets ?? []);
    const remove = async () => {
      if (!confirm(`Delete ${doc.type} "${doc.name}"? Its limits stop at once.`)) return;
      const res = await request(`/api/v1/limits?type=${encodeURIComponent(doc.type)}&name=${encodeURIComponent(doc.name)}`, { method: 'DELETE' });
      if (!res.ok) showStatus(editorStatus, 'error', new ApiError(res.status, await readBody(res)).message);
      editorText.value = '';
      await Promise.all([loadRules(), loadUse()]);
    };
    return h('article', { class: 'limit-doc' },
      h('div', { class: 'section-head' },
        h('h3', null, doc.name, ' ', h('span', { class: 'tag' }, doc.type)),
        h('button', { type: 'button', class: 'btn small danger ghost', 'aria-label': `Delete ${doc.name}`, onclick: remove }, 'Delete')),
      Array.isArray(rules) && rules.length ? h('div', { class: 'table-wrap' }, h('table', { 'aria-label': `Rules of ${doc.name}` },
        h('thead', null, h('tr', null, ['Rule', 'Applies to', 'Limit', 'Per', 'Mode'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', null, rules.map(r => h('tr', null,
          h('td', null, h('code', null, r.id ?? r.name ?? '—')),
          h('td', null, describeWhen(r.when)),
          h('td', null, r.limit_to != null ? amount(r.limit_to, r.unit) : r.limits ? Object.entries(r.limits).map(([u, v]) => amount(v, u)).join('; ') : r.limit != null ? amount(r.limit, r.unit) : '—'),
          h('td', null, (r.rate_limit_applies_per ?? r.budget_applies_per ?? (r.applies_to ? [r.applies_to.type] : ['everyone together'])).join(', ')),
          h('td', null, r.audit_mode || r.mode === 'audit' ? 'audit' : 'enforce')))))) : h('pre', { class: 'policy', tabindex: 0 }, JSON.stringify(doc, null, 2)));
  }

  async function apply(ev, dryRun) {
    ev.preventDefault();
    const text = editorText.value.trim();
    if (!text) return;
    const isJson = text.startsWith('{') || text.startsWith('[');
    showStatus(editorStatus, 'pending', dryRun ? 'Checking…' : 'Applying…');
    try {
      const result = await applyManifest(text, { yaml: !isJson, dryRun });
      const lines = (result.results ?? []).map(r => `${r.type} "${r.name}": ${r.status}`);
      showStatus(editorStatus, 'ok', h('p', null, dryRun ? 'No problem found; nothing stored.' : 'Applied.'), lines.map(l => h('p', { class: 'small' }, l)));
      if (!dryRun) await Promise.all([loadRules(), loadUse()]);
    } catch (e) {
      showStatus(editorStatus, 'error', h('p', null, e.message),
        e.details?.length ? h('ul', null, e.details.map(d => h('li', null,
          d.document_name ? `${d.document_name}: ` : '', d.path ? h('code', null, d.path) : null, d.path ? ' ' : '', d.message))) : null);
    }
  }

  await Promise.all([loadUse(), loadRules(), loadAlerts()]);
}

function useTable(s) {
  const rows = s.data ?? [];
  if (rows.length === 0) return h('p', { class: 'empty' }, `No limit applies to ${s.subject}.`);
  return h('div', { class: 'table-wrap' }, h('table', { 'aria-label': `Limits that apply to ${s.subject}` },
    h('thead', null, h('tr', null, ['Rule', 'Use', 'Resets', 'Bucket', 'Mode'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.flatMap(r => r.windows.map((w, i) => {
      const pct = w.limit > 0 ? Math.min(100, (w.used / w.limit) * 100) : 100;
      const full = w.remaining <= 0;
      return h('tr', { class: full ? 'limit-full' : null },
        i === 0 ? h('td', { rowspan: r.windows.length }, h('code', null, r.name), h('span', { class: 'small muted block' }, `${r.kind === 'budget' ? 'budget' : 'rate limit'} · ${r.source}`)) : null,
        h('td', null,
          h('span', { class: 'use-text' }, number(w.used, w.unit), ' of ', amount(w.limit, w.unit), full ? h('strong', { class: 'error-text' }, ' — limit reached') : null),
          h('meter', { class: 'use-meter', min: 0, max: 100, value: pct, low: 60, high: 90, optimum: 0, 'aria-label': `${r.name}: ${Math.round(pct)}% used` })),
        h('td', { class: 'nowrap' }, h('time', { datetime: w.resets_at }, formatTime(w.resets_at))),
        i === 0 ? h('td', { rowspan: r.windows.length }, r.bucket || 'shared') : null,
        i === 0 ? h('td', { rowspan: r.windows.length }, r.mode, r.audit_blocks ? h('span', { class: 'small muted block' }, `${r.audit_blocks} would-be refusals`) : null) : null);
    })))));
}

function describeWhen(when) {
  if (!when || Object.keys(when).length === 0) return 'every call';
  const parts = [];
  for (const [k, v] of Object.entries(when)) {
    parts.push(`${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v}`);
  }
  return parts.join('; ');
}

function number(value, unit) {
  return String(unit ?? '').startsWith('cost') ? formatUsd(value) : Number(value).toLocaleString();
}

function amount(value, unit) {
  const u = String(unit ?? '');
  if (u.startsWith('cost')) return formatUsd(value) + ' ' + u.replace('cost_', '');
  return `${Number(value).toLocaleString()} ${u.replace(/_/g, ' ')}`;
}

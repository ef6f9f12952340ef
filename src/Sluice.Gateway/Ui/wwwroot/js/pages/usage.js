// Usage: cost and tokens over time (charts, grouped by a dimension), the totals per group, the request log with the
// detail of one request, and CSV export. The gateway decides what the caller sees: their own calls, or everyone's
// for a tenant admin (the user filter and grouping are offered to admins only).
import { auth, usageRecords, usageSummary, usageCsv } from '../api.js';
import { h, replace, field, formatUsd, formatTime } from '../dom.js';
import { loadChartJs, buckets, series, groupName, drawChart } from './usage-charts.js';
import { openRequestDetail } from './usage-detail.js';

const RANGES = [['24h', 'Last 24 hours', 86400_000], ['7d', 'Last 7 days', 7 * 86400_000], ['30d', 'Last 30 days', 30 * 86400_000], ['90d', 'Last 90 days', 90 * 86400_000]];
const PAGE = 50;

// Kept across page switches within the tab.
const state = { range: '7d', model: '', user: '', status: '', group: 'model', metaKey: '' };

function cost(value) {
  return value === null || value === undefined
    ? h('span', { class: 'muted', title: 'No public or private price for this model' }, 'unknown')
    : formatUsd(value);
}

function ms(value) {
  return value === null || value === undefined ? '' : `${Math.round(value)} ms`;
}

// account/model, with a line-break opportunity after the slash.
function modelName(name) {
  const slash = name.indexOf('/');
  return slash < 0 ? h('code', null, name) : h('code', null, name.slice(0, slash + 1), h('wbr'), name.slice(slash + 1));
}

function select(id, options, value) {
  const el = h('select', { id }, options.map(([v, text]) => h('option', { value: v }, text)));
  el.value = value;
  return el;
}

export async function render(main) {
  const admin = !!auth.user?.tenant_admin;
  const range = select('usage-range', RANGES.map(([v, t]) => [v, t]), state.range);
  const model = select('usage-model', [['', 'All models']], '');
  const user = admin ? select('usage-user', [['', 'Everyone']], '') : null;
  const status = select('usage-status', [['', 'Any status'], ['success', 'Successful'], ['error', 'Errors']], state.status);
  const groups = [['model', 'Model'], ['account', 'Provider account'], ...(admin ? [['user', 'User']] : []), ['team', 'Team'], ['metadata', 'Metadata key']];
  const group = select('usage-group', groups, state.group);
  const metaKey = h('input', { type: 'text', id: 'usage-meta-key', placeholder: 'e.g. project', autocomplete: 'off' });
  metaKey.value = state.metaKey;
  const metaField = field('Metadata key', metaKey, { hint: 'A key of X-Sluice-Metadata' });
  const totalsLine = h('p', { class: 'usage-totals', role: 'status' });
  // Labelled from the start: the figures arrive later and replace these with what the chart shows.
  const costCanvas = h('canvas', { id: 'usage-cost-chart', role: 'img', 'aria-label': 'Cost over time (loading)' });
  const tokenCanvas = h('canvas', { id: 'usage-token-chart', role: 'img', 'aria-label': 'Tokens over time (loading)' });
  // Focusable, so keyboard users can scroll a table that is wider than a narrow screen.
  const groupTable = h('div', { class: 'panel table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'usage-groups-title' });
  const log = h('div', { class: 'panel table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'usage-log-title' });
  const more = h('button', { type: 'button', class: 'btn ghost', hidden: true, onclick: () => loadLog(true) }, 'Load more calls');
  const exportStatus = h('p', { class: 'muted small', role: 'status' });
  const groupHeading = h('h2', { id: 'usage-groups-title' }, 'Totals');

  main.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Usage'),
      h('p', { class: 'muted' }, admin ? 'Every caller’s calls (you are a tenant admin).' : 'Your own calls.')),
    h('form', { class: 'panel usage-filters', 'aria-label': 'Filters', onsubmit: ev => { ev.preventDefault(); load(); } },
      field('Time range', range), field('Model', model), user ? field('User', user) : null, field('Status', status),
      field('Group by', group), metaField),
    totalsLine,
    h('section', { class: 'usage-charts', 'aria-labelledby': 'usage-charts-title' },
      h('h2', { id: 'usage-charts-title', class: 'visually-hidden' }, 'Charts'),
      h('figure', { class: 'panel chart' }, h('figcaption', null, 'Cost (USD) over time'), h('div', { class: 'chart-box' }, costCanvas)),
      h('figure', { class: 'panel chart' }, h('figcaption', null, 'Tokens over time (input + output)'), h('div', { class: 'chart-box' }, tokenCanvas))),
    h('section', { 'aria-labelledby': 'usage-groups-title' }, groupHeading, groupTable),
    h('section', { 'aria-labelledby': 'usage-log-title' },
      h('div', { class: 'section-head' }, h('h2', { id: 'usage-log-title' }, 'Request log'),
        h('div', { class: 'toolbar wrap' },
          h('button', { type: 'button', class: 'btn ghost', onclick: () => download('usage') }, 'Download calls (CSV)'),
          h('button', { type: 'button', class: 'btn ghost', onclick: () => download('usage/summary') }, 'Download totals (CSV)'))),
      exportStatus, log, more));

  for (const el of [range, model, user, status, group]) el?.addEventListener('change', load);
  metaKey.addEventListener('change', load);

  let cursor = null;
  let rows = [];
  let generation = 0;
  await fillChoices();
  await load();

  function filters() {
    const span = RANGES.find(r => r[0] === range.value)[2];
    return {
      // Whole hours: the summary then reads rollups only, and the chart's first bar is a whole hour or day.
      from: new Date(Math.floor((Date.now() - span) / 3600_000) * 3600_000).toISOString(),
      model: model.value, user: user?.value ?? '', status: status.value,
    };
  }

  function dimension() {
    return group.value === 'metadata' ? (metaKey.value.trim() ? 'metadata.' + metaKey.value.trim() : null) : group.value;
  }

  // The models and callers that have any usage at all, for the filter menus.
  async function fillChoices() {
    try {
      const [models, users] = await Promise.all([
        usageSummary({ group_by: 'model' }),
        admin ? usageSummary({ group_by: 'user' }) : null]);
      for (const g of models.data ?? []) model.append(h('option', { value: g.model }, g.model));
      for (const g of users?.data ?? []) user.append(h('option', { value: g.user }, g.user));
    } catch {
      // The report below shows the error.
    }
    if ([...model.options].some(o => o.value === state.model)) model.value = state.model;
    if (user && [...user.options].some(o => o.value === state.user)) user.value = state.user;
  }

  async function load() {
    Object.assign(state, { range: range.value, model: model.value, user: user?.value ?? '', status: status.value, group: group.value, metaKey: metaKey.value });
    metaField.hidden = group.value !== 'metadata';
    const current = ++generation;
    await Promise.all([loadCharts(current), loadLog(false, current)]);
  }

  async function loadCharts(current) {
    const dim = dimension();
    const f = filters();
    const unit = range.value === '24h' ? 'hour' : 'day';
    const dimLabel = groups.find(g => g[0] === group.value)?.[1] ?? group.value;
    groupHeading.textContent = 'Totals by ' + dimLabel.toLowerCase();
    if (!dim) {
      replace(groupTable, h('p', { class: 'empty' }, 'Type a metadata key to group by it.'));
      return;
    }
    let overTime;
    let totals;
    let Chart;
    try {
      [overTime, totals, Chart] = await Promise.all([
        usageSummary({ ...f, group_by: `${unit},${dim}` }),
        usageSummary({ ...f, group_by: dim }),
        loadChartJs()]);
    } catch (e) {
      if (current === generation) replace(groupTable, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    if (current !== generation) return;
    const keys = buckets(Date.parse(f.from), unit);
    const s = series(overTime.data ?? [], unit, dim, keys);
    const per = unit === 'hour' ? 'per hour (UTC)' : 'per day (UTC)';
    const by = dimLabel.toLowerCase();
    costCanvas.setAttribute('aria-label', `Cost ${per}, stacked by ${by}. The table "${groupHeading.textContent}" below has the figures.`);
    tokenCanvas.setAttribute('aria-label', `Tokens ${per}, stacked by ${by}. The table "${groupHeading.textContent}" below has the figures.`);
    drawChart(Chart, costCanvas, s.labels, s.names, s.cost, { money: true });
    drawChart(Chart, tokenCanvas, s.labels, s.names, s.tokens, { money: false });
    renderTotals(totals.data ?? [], dim, dimLabel);
  }

  function renderTotals(groupsData, dim, dimLabel) {
    let calls = 0;
    let tokens = 0;
    let sum = 0;
    let unknown = 0;
    for (const g of groupsData) {
      calls += g.requests;
      tokens += g.prompt_tokens + g.completion_tokens;
      sum += Number(g.cost_usd ?? 0);
      unknown += g.unknown_cost_requests;
    }
    // Team groups overlap (a caller in two teams counts in both): the headline sums are only exact for other groupings.
    replace(totalsLine, dim === 'team' ? '' : `${calls.toLocaleString()} ${calls === 1 ? 'call' : 'calls'} · ${tokens.toLocaleString()} tokens · ${formatUsd(sum)}`
      + (unknown > 0 ? ` · ${unknown.toLocaleString()} with unknown cost` : ''));
    if (groupsData.length === 0) {
      replace(groupTable, h('p', { class: 'empty' }, 'No calls in this range. Try the Playground.'));
      return;
    }
    replace(groupTable, h('table', { class: 'usage-groups' },
      h('caption', { class: 'visually-hidden' }, groupHeading.textContent),
      h('thead', null, h('tr', null, [dimLabel, 'Calls', 'Errors', 'Tokens in / out', 'Cache read / write', 'Cost', 'Latency p50 / p95', 'First token p50']
        .map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
      h('tbody', null, groupsData.map(g => h('tr', null,
        h('th', { scope: 'row' }, dim === 'model' && g.model ? modelName(g.model) : h('code', null, groupName(g[dim]))),
        h('td', { class: 'num' }, g.requests.toLocaleString()),
        h('td', { class: 'num' }, g.errors.toLocaleString()),
        h('td', { class: 'num' }, `${g.prompt_tokens.toLocaleString()} / ${g.completion_tokens.toLocaleString()}`),
        h('td', { class: 'num' }, `${g.cached_tokens.toLocaleString()} / ${g.cache_write_tokens.toLocaleString()}`),
        h('td', { class: 'num' }, cost(g.cost_usd),
          g.unknown_cost_requests > 0 && g.cost_usd !== null ? h('div', { class: 'muted small' }, `+ ${g.unknown_cost_requests.toLocaleString()} unpriced`) : null),
        h('td', { class: 'num' }, `${ms(g.latency_p50_ms)} / ${ms(g.latency_p95_ms)}`),
        h('td', { class: 'num' }, ms(g.ttft_p50_ms)))))));
  }

  async function loadLog(append, current = generation) {
    let page;
    try {
      page = await usageRecords({ ...filters(), limit: PAGE, cursor: append ? cursor : '' });
    } catch (e) {
      if (current === generation) replace(log, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    if (current !== generation) return;
    rows = append ? rows.concat(page.data ?? []) : (page.data ?? []);
    cursor = page.next_cursor;
    more.hidden = !cursor;
    if (rows.length === 0) {
      replace(log, h('p', { class: 'empty' }, 'No calls match. Try the Playground.'));
      return;
    }
    const columns = ['Time', 'Model', 'Status', 'Tokens in / out', 'Cost', 'Latency', ...(admin ? ['Caller'] : []), 'Request'];
    replace(log, h('table', { class: 'usage-log' },
      h('caption', { class: 'visually-hidden' }, 'Calls, newest first'),
      h('thead', null, h('tr', null, columns.map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', null, rows.map(r => h('tr', { class: r.status >= 400 ? 'row-error' : null, dataset: { requestId: r.request_id } },
        h('td', null, formatTime(r.timestamp)),
        h('td', null, modelName(r.model), r.resolved_model ? h('div', { class: 'muted small' }, '→ ', modelName(r.resolved_model)) : null),
        h('td', null, String(r.status), r.error_code ? h('div', { class: 'muted small' }, r.error_code) : null),
        h('td', { class: 'num' }, `${r.prompt_tokens} / ${r.completion_tokens}`),
        h('td', { class: 'num' }, cost(r.cost_usd)),
        h('td', { class: 'num' }, ms(r.latency_ms), r.ttft_ms != null ? h('div', { class: 'muted small' }, `first token ${ms(r.ttft_ms)}`) : null),
        admin ? h('td', null, r.principal) : null,
        h('td', null, h('code', { class: 'small request-id' }, r.request_id), ' ', h('button', {
          type: 'button', class: 'btn ghost small', 'aria-label': `Details of request ${r.request_id}`,
          onclick: ev => openRequestDetail(r, ev.currentTarget),
        }, 'Details')))))));
  }

  async function download(path) {
    const dim = dimension();
    const params = path === 'usage' ? { ...filters(), limit: 1000 } : { ...filters(), group_by: dim ?? '' };
    replace(exportStatus, 'Preparing the CSV…');
    let text;
    try {
      text = await usageCsv(path, params);
    } catch (e) {
      replace(exportStatus, h('span', { class: 'error-text' }, e.message));
      return;
    }
    const name = `sluice-${path === 'usage' ? 'calls' : 'totals'}-${new Date().toISOString().slice(0, 10)}.csv`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    replace(exportStatus, `Downloaded ${name}` + (path === 'usage' ? ' (the newest 1,000 calls that match).' : '.'));
  }
}

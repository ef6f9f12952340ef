// Cost and tokens over time as stacked bar charts (Chart.js, vendored under vendor/chart.js), one bar per hour or day,
// one colour per group. Each chart has a text alternative; the totals table under the charts carries the same data.

const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7f7f7f', '#b8a100'];
const OTHER_COLOR = '#9aa3b5';
const MAX_SERIES = 7;
let loading = null;

/** Loads Chart.js once (its UMD build sets window.Chart). */
export function loadChartJs() {
  loading ??= import('../../vendor/chart.js/chart.umd.min.js').then(() => window.Chart);
  return loading;
}

/** The UTC bucket keys between `fromMs` and now, as the summary names them (hour: 2026-12-05T09:00:00Z, day: 2026-12-05). */
export function buckets(fromMs, unit, nowMs = Date.now()) {
  const step = unit === 'hour' ? 3600_000 : 86400_000;
  const keys = [];
  for (let t = Math.floor(fromMs / step) * step; t <= nowMs; t += step) keys.push(bucketKey(t, unit));
  return keys;
}

export function bucketKey(ms, unit) {
  const iso = new Date(ms).toISOString();
  return unit === 'hour' ? iso.slice(0, 13) + ':00:00Z' : iso.slice(0, 10);
}

function label(key, unit) {
  if (unit === 'day') return key.slice(5);
  const d = new Date(key);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')} ${String(d.getUTCHours()).padStart(2, '0')}:00`;
}

/**
 * Turns summary rows (grouped by unit and dimension) into chart series: the biggest groups by cost, then tokens,
 * get their own colour; the rest is summed as "other".
 */
export function series(rows, unit, dim, keys) {
  const totals = new Map();
  for (const r of rows) {
    const g = groupName(r[dim]);
    const t = totals.get(g) ?? { cost: 0, tokens: 0 };
    t.cost += Number(r.cost_usd ?? 0);
    t.tokens += r.prompt_tokens + r.completion_tokens;
    totals.set(g, t);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].cost - a[1].cost || b[1].tokens - a[1].tokens).map(([g]) => g);
  const shown = ranked.length > MAX_SERIES + 1 ? ranked.slice(0, MAX_SERIES) : ranked;
  const names = ranked.length > shown.length ? [...shown, 'other'] : shown;
  const index = new Map(keys.map((k, i) => [k, i]));
  const cost = new Map(names.map(n => [n, keys.map(() => 0)]));
  const tokens = new Map(names.map(n => [n, keys.map(() => 0)]));
  for (const r of rows) {
    const i = index.get(r[unit]);
    if (i === undefined) continue;
    const g = groupName(r[dim]);
    const n = shown.includes(g) ? g : 'other';
    cost.get(n)[i] += Number(r.cost_usd ?? 0);
    tokens.get(n)[i] += r.prompt_tokens + r.completion_tokens;
  }
  return { labels: keys.map(k => label(k, unit)), names, cost, tokens };
}

export function groupName(value) {
  return value === null || value === undefined ? '(none)' : String(value);
}

/** Draws (or redraws) a stacked bar chart on `canvas`; returns the Chart instance. */
export function drawChart(Chart, canvas, labels, names, values, { money }) {
  Chart.getChart(canvas)?.destroy();
  const style = getComputedStyle(document.documentElement);
  const text = style.getPropertyValue('--muted').trim() || '#5d6577';
  const grid = style.getPropertyValue('--border').trim() || '#dde1e8';
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: names.map((n, i) => ({
        label: n,
        data: values.get(n),
        backgroundColor: n === 'other' ? OTHER_COLOR : PALETTE[i % PALETTE.length],
        borderWidth: 0,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // No animation: a report is read, not watched (and a redraw after a filter change shows the new figures at once).
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: {
          stacked: true, beginAtZero: true, grid: { color: grid },
          ticks: { color: text, callback: v => (money ? '$' + Number(v).toPrecision(3).replace(/\.?0+$/, '') : Number(v).toLocaleString()) },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: text, boxWidth: 12 } },
        tooltip: { callbacks: { label: c => `${c.dataset.label}: ${money ? '$' + c.parsed.y.toFixed(6) : c.parsed.y.toLocaleString()}` } },
      },
    },
  });
}

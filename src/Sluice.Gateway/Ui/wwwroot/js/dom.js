// Tiny DOM helpers. Text always goes in as text nodes: nothing from the server is ever parsed as HTML.

/** Creates an element: h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== 'string') {
      el[name] = value; // properties such as checked, disabled, value
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A unique id for label/field pairs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field; `path` ties it to validation problems (details[].path). */
export function field(label, control, { path, hint } = {}) {
  if (!control.id) control.id = uid();
  const hintEl = hint ? h('p', { class: 'hint', id: control.id + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field', dataset: path ? { path } : undefined },
    h('label', { for: control.id }, label), control, hintEl);
}

export function formatUsd(value) {
  if (value === null || value === undefined) return '';
  const n = Number(value);
  if (n === 0) return '$0';
  // A few embedding tokens cost less than a millionth of a dollar: not free, so not "$0".
  if (n > 0 && n < 0.0000005) return '< $0.000001';
  return '$' + (n < 0.01 ? n.toFixed(6) : n.toFixed(4)).replace(/0+$/, '').replace(/\.$/, '');
}

export function formatTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** A status line for async results; role=status so screen readers hear it. */
export function statusBox() {
  return h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function showStatus(box, kind, ...content) {
  box.className = 'status ' + (kind ?? '');
  replace(box, ...content);
}

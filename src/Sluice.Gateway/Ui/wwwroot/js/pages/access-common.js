// Shared by the Access pages: the section's tabs, error banners and copy-to-clipboard.
import { auth } from '../api.js';
import { h, replace, uid } from '../dom.js';

const TABS = [
  ['users', 'Users', true],
  ['teams', 'Teams', true],
  ['virtual-accounts', 'Virtual accounts', true],
  ['keys', 'API keys', false],
  ['audit', 'Audit log', true],
];

/** The page head with the section's tabs; a caller who is not a tenant admin has only their keys, so no tabs. */
export function accessHead(active, title, intro) {
  const admin = auth.user?.tenant_admin === true;
  return h('div', { class: 'access-head' },
    admin ? h('nav', { class: 'tabs', 'aria-label': 'Access' }, h('ul', null, TABS.map(([id, label]) =>
      h('li', null, h('a', { href: '#/access/' + id, 'aria-current': id === active ? 'page' : null }, label))))) : null,
    h('div', { class: 'page-head' }, h('h1', null, title), intro ? h('p', { class: 'muted' }, intro) : null));
}

/** Shows an error (an ApiError's message) in a banner that screen readers announce; null hides it. */
export function showError(banner, e) {
  banner.hidden = !e;
  replace(banner, e ? e.message ?? String(e) : null);
}

export function errorBanner() {
  return h('p', { class: 'banner error', role: 'alert', hidden: true });
}

/** A read-only field holding a secret or link, with a Copy button that says whether it worked. */
export function copyField(label, value, { id } = {}) {
  const input = h('input', { type: 'text', readOnly: true, value, id: id ?? uid('copy'), class: 'mono', spellcheck: 'false' });
  const said = h('span', { class: 'muted small', role: 'status' });
  const button = h('button', {
    type: 'button', class: 'btn small',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        replace(said, 'Copied.');
      } catch {
        // No clipboard permission (or not a secure context): select the text so Ctrl+C works.
        input.select();
        replace(said, 'Selected: press Ctrl+C to copy.');
      }
    },
  }, 'Copy');
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), h('div', { class: 'copy-row' }, input, button), said);
}

/** Disables a form's controls while a call runs. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('input, select, textarea, button')].filter(c => !c.disabled);
  controls.forEach(c => { c.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    controls.forEach(c => { c.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

/** Lets a table fold into one block per row on narrow screens: each cell gets its column's name as a label. */
export function stackable(table) {
  const names = [...table.querySelectorAll('thead th')].map(th => th.textContent);
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.children].forEach((cell, i) => { cell.dataset.label = names[i] ?? ''; });
  }
  table.classList.add('fold');
  return table;
}

// Shows validation problems (details[] of a 400: {path, message, suggestion}) next to the fields they name.
// Fields carry data-path (e.g. "region", "auth_data.secret_access_key", "integrations[2]"); a problem whose exact
// path has no field goes to the nearest parent path that has one, else to the form's summary.
import { h } from './dom.js';

export function clearProblems(root) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(id => id && !id.startsWith('err-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
}

function parent(path) {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : '';
}

function findTarget(root, path) {
  for (let p = path; p; p = parent(p)) {
    const el = root.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
  }
  return null;
}

let count = 0;

/** Places each problem; returns the ones no field took. */
export function showProblems(root, details) {
  clearProblems(root);
  const unplaced = [];
  let first = null;
  for (const d of details ?? []) {
    const target = findTarget(root, d.path ?? '');
    if (!target) {
      unplaced.push(d);
      continue;
    }
    count += 1;
    const id = 'err-' + count;
    const text = d.suggestion && !String(d.message).includes(d.suggestion)
      ? `${d.message} (suggestion: ${d.suggestion})` : d.message;
    const msg = h('p', { class: 'field-error', id, dataset: { for: d.path } }, text);
    const slot = target.querySelector(':scope > .errors') ?? target;
    slot.append(msg);
    const control = target.matches('input, select, textarea') ? target : target.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', ((control.getAttribute('aria-describedby') ?? '') + ' ' + id).trim());
      first ??= control;
    }
  }
  first?.focus();
  return unplaced;
}

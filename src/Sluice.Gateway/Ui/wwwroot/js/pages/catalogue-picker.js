// The built-in Bedrock catalogue as checkboxes, one group per type with a "select all" box. Checking a model adds it
// to the account's model list (and unchecking removes it): the list stays the one place that says what is saved.
import { h, replace, formatUsd } from '../dom.js';

const GROUPS = [
  { type: 'text', title: 'Text models', modelType: 'chat' },
  { type: 'embedding', title: 'Embedding models', modelType: 'embedding' },
  { type: 'image', title: 'Image models', modelType: 'image' },
];

/** The catalogue's advice for a model whose plain ID the region serves only through an inference profile. */
export function adviceFor(entry, region) {
  return (entry.profile_only_advice ?? []).find(a => a.region === region) ?? null;
}

/** The model_id to store for a catalogue model in a region: the ID the region calls it by, else the advice's profile. */
export function modelIdFor(entry, region) {
  return entry.call_ids?.[region] ?? adviceFor(entry, region)?.suggested_profile_ids?.[0] ?? entry.model_id;
}

/** True when the catalogue says the region serves the model under no ID at all. */
export function notOfferedIn(entry, region) {
  return Boolean(entry.call_ids) && region !== '' && !(region in entry.call_ids);
}

export function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * Builds the picker. `list` is the form's model list API: has(id), add(entry), remove(id), onChange(fn).
 * Returns {element, refresh(region)}.
 */
export function cataloguePicker(catalogue, list, getRegion) {
  const element = h('div', { class: 'catalogue' });
  const boxes = new Map(); // model_id -> checkbox
  const notes = new Map(); // model_id -> advice element
  const groupBoxes = [];

  for (const group of GROUPS) {
    const entries = catalogue.filter(m => m.types.includes(group.type));
    if (entries.length === 0) continue;
    const all = h('input', { type: 'checkbox', id: 'all-' + group.type });
    const offeredNote = h('span', { class: 'muted small' });
    groupBoxes.push({ all, entries, offeredNote });
    all.addEventListener('change', () => {
      const want = all.checked; // each add re-renders the boxes, this one included
      // "All" is what the chosen region offers: a model Bedrock does not serve there would only fail when called.
      const region = getRegion();
      for (const e of entries.filter(x => !notOfferedIn(x, region))) {
        if (want && !list.has(e.model_id)) list.add(e);
        if (!want && list.has(e.model_id)) list.remove(e.model_id);
      }
    });
    const items = entries.map(e => {
      const box = h('input', { type: 'checkbox', id: 'cat-' + slug(e.model_id), value: e.model_id });
      box.addEventListener('change', () => (box.checked ? list.add(e) : list.remove(e.model_id)));
      boxes.set(e.model_id, box);
      const note = h('p', { class: 'advice', hidden: true });
      notes.set(e.model_id, note);
      return h('li', { class: 'cat-item' },
        box,
        h('label', { for: box.id },
          h('span', { class: 'cat-name' }, e.display_name),
          h('span', { class: 'muted' }, ' · ' + e.provider),
          h('code', { class: 'cat-id' }, e.model_id),
          h('span', { class: 'cat-price muted' }, price(e))),
        note);
    });
    element.append(h('fieldset', { class: 'cat-group' },
      h('legend', null, `${group.title} (${entries.length})`),
      h('div', { class: 'check select-all' }, all, h('label', { for: all.id }, `Select all ${group.title.toLowerCase()}`), offeredNote),
      h('ul', { class: 'cat-list' }, items)));
  }

  function refresh() {
    const region = getRegion();
    for (const e of catalogue) {
      const box = boxes.get(e.model_id);
      if (box) box.checked = list.has(e.model_id);
      const note = notes.get(e.model_id);
      if (!note) continue; // a type the picker has no group for (rerank)
      const advice = adviceFor(e, region);
      const missing = !advice && notOfferedIn(e, region);
      note.hidden = !advice && !missing;
      if (missing) {
        replace(note, `Bedrock does not offer this model in ${region}.`);
      } else if (advice) {
        // The catalogue's full advice is long; say what happens and keep the whole text for the tooltip.
        note.title = advice.message;
        replace(note, `Bedrock serves this model in ${region} only through an inference profile: it is added as `,
          h('code', null, advice.suggested_profile_ids[0]), '.');
      }
    }
    for (const { all, entries, offeredNote } of groupBoxes) {
      const offered = entries.filter(e => !notOfferedIn(e, region));
      const picked = offered.filter(e => list.has(e.model_id)).length;
      all.checked = offered.length > 0 && picked === offered.length;
      all.indeterminate = picked > 0 && picked < offered.length;
      offeredNote.textContent = region ? `(${offered.length} of ${entries.length} offered in ${region})` : '';
    }
  }

  list.onChange(refresh);
  refresh();
  return { element, refresh };
}

function price(e) {
  const p = e.price;
  if (!p) return 'price unknown';
  if (e.types.includes('image') && p.per_image != null) return `${formatUsd(p.per_image)} per image`;
  if (p.input_per_million == null) return 'price unknown';
  if (p.output_per_million == null) return `${formatUsd(p.input_per_million)} per 1M tokens`;
  return `${formatUsd(p.input_per_million)} in / ${formatUsd(p.output_per_million)} out per 1M tokens`;
}

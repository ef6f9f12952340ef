// ARIA tabs: one tab list, one tab panel whose content is the chosen tab's (the others are kept, detached, so each
// keeps what was typed and no hidden control shares a label with a visible one). Arrow keys, Home and End move.
import { h } from './dom.js';

/** tabs: [{id, label, content: () => Node}] (content is built on first show); returns {list, panel, show(id)}. */
export function createTabs(idPrefix, label, tabs, initial) {
  const built = new Map();
  const panel = h('div', { role: 'tabpanel', id: idPrefix + '-panel', class: 'tab-panel', tabindex: 0 });
  const buttons = tabs.map(t => h('button', {
    type: 'button', role: 'tab', id: `${idPrefix}-tab-${t.id}`, 'aria-controls': panel.id, 'aria-selected': 'false', tabindex: -1,
    onclick: () => show(t.id),
  }, t.label));
  const list = h('div', { role: 'tablist', class: 'tabs', 'aria-label': label }, buttons);
  list.addEventListener('keydown', (ev) => {
    const i = buttons.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    const j = (next + buttons.length) % buttons.length;
    show(tabs[j].id);
    buttons[j].focus();
  });

  function show(id) {
    const t = tabs.find(x => x.id === id) ?? tabs[0];
    buttons.forEach((b, i) => {
      const selected = tabs[i] === t;
      b.setAttribute('aria-selected', String(selected));
      b.tabIndex = selected ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', `${idPrefix}-tab-${t.id}`);
    if (!built.has(t.id)) built.set(t.id, t.content());
    panel.replaceChildren(built.get(t.id));
    t.onshow?.();
  }

  show(initial ?? tabs[0].id);
  return { list, panel, show };
}

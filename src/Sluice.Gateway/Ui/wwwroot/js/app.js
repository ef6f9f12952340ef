// Boot, hash routing and the shell (navigation, menu, signed-in user). Each page module exports
// render(main, params) and may return a cleanup function.
import { auth, restore, logout, request, readBody } from './api.js';
import { h, replace } from './dom.js';

// Who may open a page. The admin API decides for real; these only keep the UI from offering what would end in a 403.
const isAdmin = () => auth.user?.tenant_admin === true;
const managesAccounts = () => auth.canManageAccounts;
const ACCOUNTS_DENIED = 'You need the provider-account-manager role on a provider account (or tenant admin) to manage provider accounts.';

// A route may say who may open it (allow) and, for a caller who may not, which admin-API call explains why
// (probe: its 403 message is shown) or the reason itself (denied).
const routes = [
  { pattern: /^\/signin$/, page: () => import('./pages/signin.js'), public: true },
  { pattern: /^\/accept-invite$/, page: () => import('./pages/accept-invite.js'), public: true },
  { pattern: /^\/playground$/, page: () => import('./pages/playground.js'), nav: 'playground' },
  { pattern: /^\/models$/, page: () => import('./pages/models.js'), nav: 'models' },
  { pattern: /^\/accounts$/, page: () => import('./pages/accounts.js'), nav: 'accounts', allow: managesAccounts, denied: ACCOUNTS_DENIED },
  { pattern: /^\/accounts\/new$/, page: () => import('./pages/account-form.js'), nav: 'accounts', allow: isAdmin, denied: 'Only a tenant admin may create provider accounts.' },
  { pattern: /^\/accounts\/([^/]+)\/edit$/, page: () => import('./pages/account-form.js'), nav: 'accounts', names: ['name'], allow: managesAccounts, denied: ACCOUNTS_DENIED },
  { pattern: /^\/accounts\/([^/]+)$/, page: () => import('./pages/account.js'), nav: 'accounts', names: ['name'], allow: managesAccounts, denied: ACCOUNTS_DENIED },
  { pattern: /^\/usage$/, page: () => import('./pages/usage.js'), nav: 'usage' },
  // Provider accounts' neighbours: virtual models and limits.
  { pattern: /^\/virtual-models$/, page: () => import('./pages/virtual-models.js'), nav: 'virtual-models' },
  { pattern: /^\/virtual-models\/new$/, page: () => import('./pages/virtual-model-form.js'), nav: 'virtual-models' },
  { pattern: /^\/virtual-models\/([^/]+)\/([^/]+)\/edit$/, page: () => import('./pages/virtual-model-form.js'), nav: 'virtual-models', names: ['group', 'model'] },
  { pattern: /^\/limits$/, page: () => import('./pages/limits.js'), nav: 'limits' },
  // Access (users, teams, virtual accounts, API keys, audit log).
  { pattern: /^\/access$/, redirect: () => (isAdmin() ? '/access/users' : '/access/keys') },
  { pattern: /^\/access\/users$/, page: () => import('./pages/access-users.js'), nav: 'access', allow: isAdmin, probe: '/api/v1/users' },
  { pattern: /^\/access\/teams$/, page: () => import('./pages/access-teams.js'), nav: 'access', allow: isAdmin, probe: '/api/v1/teams' },
  { pattern: /^\/access\/virtual-accounts$/, page: () => import('./pages/access-virtual-accounts.js'), nav: 'access', allow: isAdmin, probe: '/api/v1/virtual-accounts' },
  { pattern: /^\/access\/keys$/, page: () => import('./pages/access-keys.js'), nav: 'access' },
  { pattern: /^\/access\/audit$/, page: () => import('./pages/access-audit.js'), nav: 'access', allow: isAdmin, probe: '/api/v1/audit?limit=1' },
];

// The main navigation, in order; an entry shows only when its allow() says the caller can use the page.
const navigation = [
  { id: 'playground', label: 'Playground', href: '#/playground' },
  { id: 'models', label: 'Models', href: '#/models' },
  { id: 'accounts', label: 'Provider accounts', href: '#/accounts', allow: managesAccounts },
  { id: 'usage', label: 'Usage', href: '#/usage' },
  // Anyone may read the virtual models they have a role on and their own limits; editing is offered per role on the page.
  { id: 'virtual-models', label: 'Virtual models', href: '#/virtual-models' },
  { id: 'limits', label: 'Limits', href: '#/limits' },
  // Access: a tenant admin manages everyone; anyone else only has their own API keys.
  { id: 'access', label: 'Access', href: '#/access/users', allow: isAdmin },
  { id: 'access', label: 'API keys', href: '#/access/keys', allow: () => !isAdmin() },
];

const main = document.getElementById('main');
const menu = document.getElementById('menu');
const menuButton = document.getElementById('menu-button');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
let cleanup = null;
let signedIn = false;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/playground';
  const [path, query = ''] = raw.split('?');
  return { path, query: new URLSearchParams(query) };
}

function go(path) {
  if (location.hash === '#' + path) route();
  else location.hash = path;
}

function setMenuOpen(open) {
  menuButton.setAttribute('aria-expanded', String(open));
  menu.classList.toggle('open', open);
}

// A table that scrolls sideways must be reachable by keyboard (and named) so its hidden columns can be scrolled
// to; pages draw tables at any time (after loading, on refresh), so every change and resize is checked.
function makeScrollersFocusable() {
  for (const wrap of main.querySelectorAll('.table-wrap')) {
    const scrolls = wrap.scrollWidth > wrap.clientWidth;
    if (scrolls && !wrap.hasAttribute('tabindex')) {
      const table = wrap.querySelector('table');
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', table?.getAttribute('aria-label') ?? table?.caption?.textContent ?? 'Table');
    } else if (!scrolls && wrap.getAttribute('role') === 'region') {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  }
}
new MutationObserver(makeScrollersFocusable).observe(main, { childList: true, subtree: true });
window.addEventListener('resize', makeScrollersFocusable);

// The skip link must not change the hash (that would be a route): it moves focus to the page itself.
document.querySelector('.skip-link')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  (main.querySelector('h1') ?? main).focus();
});

menuButton.addEventListener('click', () => {
  const open = menuButton.getAttribute('aria-expanded') !== 'true';
  setMenuOpen(open);
  if (open) nav.querySelector('a')?.focus();
});
// Escape closes the narrow-screen menu and gives focus back to its button.
function closeOnEscape(ev) {
  if (ev.key === 'Escape' && menuButton.getAttribute('aria-expanded') === 'true') {
    setMenuOpen(false);
    menuButton.focus();
  }
}
menu.addEventListener('keydown', closeOnEscape);
menuButton.addEventListener('keydown', closeOnEscape);

function renderChrome(active) {
  menuButton.hidden = !signedIn;
  nav.hidden = !signedIn;
  who.hidden = !signedIn;
  setMenuOpen(false);
  if (!signedIn) return;
  const links = navigation.filter(item => !item.allow || item.allow());
  replace(nav, h('ul', null, links.map(item =>
    h('li', null, h('a', { href: item.href, 'aria-current': item.id === active ? 'page' : null }, item.label)))));
  const label = auth.user?.email ?? auth.user?.name ?? (auth.user?.tenant_admin ? 'API key (tenant admin)' : 'API key');
  replace(who,
    h('span', { class: 'who-name', title: auth.mode === 'key' ? 'Signed in with an API key kept in this tab' : 'Signed in' },
      h('span', { class: 'visually-hidden' }, 'Signed in as '), label, isAdmin() && auth.user?.email ? h('span', { class: 'tag' }, 'tenant admin') : null),
    h('button', { type: 'button', class: 'btn ghost small', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  await logout();
  signedIn = false;
  go('/signin');
}

// Why the caller cannot open a page: the admin API's own 403 message when the route names a call that explains it.
async function deniedReason(r) {
  if (r.probe) {
    try {
      const res = await request(r.probe);
      if (res.status === 403) return { message: (await readBody(res))?.error?.message ?? r.denied };
      if (res.ok) return null; // the API lets this caller in after all: show the page
    } catch {
      // Fall back to the route's own reason.
    }
  }
  return { message: r.denied ?? 'Your role does not include this page.' };
}

function renderDenied(page, message) {
  replace(page,
    h('h1', null, 'Not available to you'),
    h('p', { class: 'banner error', role: 'alert' }, message),
    h('p', null, 'Ask a tenant admin if you need it. ', h('a', { href: '#/playground' }, 'Go to the Playground')));
}

// Every navigation gets a number: a page whose module or data arrives after a newer navigation began must not
// write over it (clicking a link while the previous page is still loading showed the previous page).
let navigationCount = 0;

async function route() {
  const current = ++navigationCount;
  const focusBefore = document.activeElement;
  const { path, query } = parseHash();
  const match = routes.map(r => ({ r, m: r.pattern.exec(path) })).find(x => x.m);
  if (!match) {
    go('/playground');
    return;
  }
  const { r, m } = match;
  if (!r.public && !signedIn) {
    sessionStorage.setItem('sluice.returnTo', location.hash.replace(/^#/, '') || path);
    go('/signin');
    return;
  }
  if (path === '/signin' && signedIn) {
    go('/playground');
    return;
  }
  if (r.redirect) {
    go(r.redirect());
    return;
  }
  const params = { query };
  (r.names ?? []).forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  renderChrome(r.nav);
  const page = h('div', { class: 'page' });
  const denied = r.allow && !r.allow() ? await deniedReason(r) : null;
  if (current !== navigationCount) return;
  if (denied) {
    renderChrome(null); // the refused page is not where the caller is in the navigation
    main.replaceChildren(page);
    renderDenied(page, denied.message);
  } else {
    const module = await r.page();
    if (current !== navigationCount) return;
    // Each page renders into its own container, so a stale page's late writes land in a detached element.
    main.replaceChildren(page);
    try {
      const done = await module.render(page, params);
      if (current !== navigationCount) {
        if (typeof done === 'function') done();
        return;
      }
      cleanup = done;
    } catch (e) {
      if (current !== navigationCount) return;
      if (e?.status === 403) renderDenied(page, e.message);
      else replace(page, h('h1', null, 'Something went wrong'), h('p', { class: 'banner error', role: 'alert' }, e.message));
    }
  }
  // Move focus to the new page's heading so keyboard and screen-reader users land on it, unless they already moved
  // it elsewhere (e.g. opened the menu) while the page was loading.
  const focusNow = document.activeElement;
  const untouched = !focusNow || focusNow === document.body || focusNow === focusBefore || !focusNow.isConnected;
  const heading = page.querySelector('h1');
  if (heading && untouched) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

// The sign-in pages announce success with this event (pages never import this module: it would be a cycle).
window.addEventListener('sluice:signed-in', () => {
  signedIn = true;
  const back = sessionStorage.getItem('sluice.returnTo');
  sessionStorage.removeItem('sluice.returnTo');
  go(back && back !== '/signin' ? back : '/playground');
});

window.addEventListener('sluice:unauthorized', () => {
  if (!signedIn) return;
  signedIn = false;
  logout().then(() => go('/signin'));
});
window.addEventListener('hashchange', route);

signedIn = await restore();
route();

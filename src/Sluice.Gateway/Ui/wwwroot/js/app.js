// Boot and hash routing. Each page module exports render(main, params) and may return a cleanup function.
import { auth, restore, logout } from './api.js';
import { h, replace } from './dom.js';

const routes = [
  { pattern: /^\/signin$/, page: () => import('./pages/signin.js'), public: true },
  { pattern: /^\/accept-invite$/, page: () => import('./pages/accept-invite.js'), public: true },
  { pattern: /^\/playground$/, page: () => import('./pages/playground.js'), nav: 'playground' },
  { pattern: /^\/models$/, page: () => import('./pages/models.js'), nav: 'models' },
  { pattern: /^\/accounts$/, page: () => import('./pages/accounts.js'), nav: 'accounts' },
  { pattern: /^\/accounts\/new$/, page: () => import('./pages/account-form.js'), nav: 'accounts' },
  { pattern: /^\/accounts\/([^/]+)\/edit$/, page: () => import('./pages/account-form.js'), nav: 'accounts', names: ['name'] },
  { pattern: /^\/accounts\/([^/]+)$/, page: () => import('./pages/account.js'), nav: 'accounts', names: ['name'] },
  { pattern: /^\/usage$/, page: () => import('./pages/usage.js'), nav: 'usage' },
  // Provider accounts' neighbours: virtual models and limits.
  { pattern: /^\/virtual-models$/, page: () => import('./pages/virtual-models.js'), nav: 'virtual-models' },
  { pattern: /^\/virtual-models\/new$/, page: () => import('./pages/virtual-model-form.js'), nav: 'virtual-models' },
  { pattern: /^\/virtual-models\/([^/]+)\/([^/]+)\/edit$/, page: () => import('./pages/virtual-model-form.js'), nav: 'virtual-models', names: ['group', 'model'] },
  { pattern: /^\/limits$/, page: () => import('./pages/limits.js'), nav: 'limits' },
];

const main = document.getElementById('main');
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

function renderChrome(active) {
  nav.hidden = !signedIn;
  who.hidden = !signedIn;
  if (!signedIn) return;
  const links = [['playground', 'Playground'], ['models', 'Models']];
  if (auth.canManageAccounts) links.push(['accounts', 'Provider accounts']);
  // Everyone has usage: their own calls, or everyone's for a tenant admin.
  links.push(['usage', 'Usage']);
  // Anyone may read the virtual models they have a role on and their own limits; editing is offered per role on the page.
  links.push(['virtual-models', 'Virtual models'], ['limits', 'Limits']);
  replace(nav, h('ul', null, links.map(([id, label]) =>
    h('li', null, h('a', { href: '#/' + id, 'aria-current': id === active ? 'page' : null }, label)))));
  const label = auth.user?.email ?? auth.user?.name ?? (auth.user?.tenant_admin ? 'API key (tenant admin)' : 'API key');
  replace(who,
    h('span', { class: 'who-name', title: auth.mode === 'key' ? 'Signed in with an API key kept in this tab' : 'Signed in' }, label),
    h('button', { type: 'button', class: 'btn ghost small', onclick: signOut }, 'Sign out'));
}

async function signOut() {
  await logout();
  signedIn = false;
  go('/signin');
}

// Every navigation gets a number: a page whose module or data arrives after a newer navigation began must not
// write over it (clicking a link while the previous page is still loading showed the previous page).
let navigation = 0;

async function route() {
  const current = ++navigation;
  const { path, query } = parseHash();
  const match = routes.map(r => ({ r, m: r.pattern.exec(path) })).find(x => x.m);
  if (!match) {
    go('/playground');
    return;
  }
  const { r, m } = match;
  if (!r.public && !signedIn) {
    sessionStorage.setItem('sluice.returnTo', path);
    go('/signin');
    return;
  }
  if (path === '/signin' && signedIn) {
    go('/playground');
    return;
  }
  const params = { query };
  (r.names ?? []).forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  renderChrome(r.nav);
  const module = await r.page();
  if (current !== navigation) return;
  // Each page renders into its own container, so a stale page's late writes land in a detached element.
  const page = h('div', { class: 'page' });
  main.replaceChildren(page);
  try {
    const done = await module.render(page, params);
    if (current !== navigation) {
      if (typeof done === 'function') done();
      return;
    }
    cleanup = done;
  } catch (e) {
    if (current !== navigation) return;
    replace(page, h('h1', null, 'Something went wrong'), h('p', { class: 'banner error', role: 'alert' }, e.message));
  }
  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  const heading = page.querySelector('h1');
  if (heading) {
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

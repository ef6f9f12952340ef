// Talks to the gateway. Two ways to be signed in:
//  - session: the gateway's session cookie (sent with credentials: 'same-origin'); every POST/PUT/DELETE carries
//    X-CSRF-Token, from the sign-in answer or the readable sluice_csrf cookie;
//  - key (fallback for gateways without /api/v1/auth): the UI keeps the API key in sessionStorage (this tab only)
//    and sends it as a bearer token itself.

const KEY_STORAGE = 'sluice.apiKey';
const CSRF_COOKIE = 'sluice_csrf';

/** Who is signed in and how. */
export const auth = {
  mode: null, // 'session' | 'key' | null
  user: null, // {email, tenant_admin}
  csrf: null,
  canManageAccounts: false,
  managedAccounts: null, // names of the provider accounts the caller may change (null: the gateway does not say)
  sessionsSupported: true,
};

/** An error answer from the gateway, with its OpenAI-style message, code and validation details. */
export class ApiError extends Error {
  constructor(status, body, requestId) {
    const err = body && typeof body === 'object' ? body.error ?? body : null;
    super(err?.message ?? (typeof body === 'string' && body ? body : `The gateway answered HTTP ${status}.`));
    this.status = status;
    this.code = err?.code ?? null;
    this.details = Array.isArray(err?.details) ? err.details : [];
    this.requestId = requestId;
  }
}

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function isStateChanging(method) {
  return method !== 'GET' && method !== 'HEAD';
}

/** fetch() with the caller's credentials; returns the Response. */
export async function request(path, { method = 'GET', body, headers, signal } = {}) {
  const h = new Headers(headers ?? {});
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    h.set('Content-Type', 'application/json');
    payload = JSON.stringify(body);
  }
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (auth.mode === 'key' && key) {
    h.set('Authorization', 'Bearer ' + key);
  } else if (isStateChanging(method)) {
    const token = auth.csrf ?? readCookie(CSRF_COOKIE);
    if (token) h.set('X-CSRF-Token', token);
  }
  const res = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin', signal });
  if (res.status === 401 && auth.mode !== null && !path.startsWith('/api/v1/auth/')) {
    window.dispatchEvent(new CustomEvent('sluice:unauthorized'));
  }
  return res;
}

/** Reads a body as JSON when it is JSON, else as text. */
export async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A request whose answer must be 2xx JSON; throws ApiError otherwise. */
export async function json(path, options) {
  const res = await request(path, options);
  const body = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, body, res.headers.get('x-request-id'));
  return body;
}

function setSession(answer) {
  auth.mode = 'session';
  auth.user = answer?.user ?? answer ?? null;
  auth.csrf = answer?.csrf_token ?? readCookie(CSRF_COOKIE);
  sessionStorage.removeItem(KEY_STORAGE);
}

function clear() {
  auth.mode = null;
  auth.user = null;
  auth.csrf = null;
  auth.canManageAccounts = false;
  auth.managedAccounts = null;
  sessionStorage.removeItem(KEY_STORAGE);
}

/** Finds out who is signed in (session cookie or stored key); false when nobody is. */
export async function restore() {
  if (sessionStorage.getItem(KEY_STORAGE)) {
    auth.mode = 'key';
    return describe();
  }
  let res;
  try {
    res = await fetch('/api/v1/auth/me', { credentials: 'same-origin' });
  } catch {
    return false;
  }
  if (res.status === 404) auth.sessionsSupported = false;
  if (!res.ok) return false;
  setSession(await readBody(res));
  return describe();
}

/** Email + password sign-in (session cookie). */
export async function login(email, password) {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await readBody(res);
  if (res.status === 404 || res.status === 405) {
    auth.sessionsSupported = false;
    throw new ApiError(res.status, { error: { message: 'This gateway does not offer password sign-in yet. Use an API key instead.' } });
  }
  if (!res.ok) throw new ApiError(res.status, body, res.headers.get('x-request-id'));
  setSession(body);
  return describe();
}

/** API-key sign-in: a session when the gateway offers one, else the key kept in this tab. */
export async function loginWithKey(apiKey) {
  const res = await fetch('/api/v1/auth/login-with-key', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_key: apiKey }),
  });
  if (res.ok) {
    setSession(await readBody(res));
    return describe();
  }
  if (res.status !== 404 && res.status !== 405) {
    throw new ApiError(res.status, await readBody(res), res.headers.get('x-request-id'));
  }
  // No session endpoints on this gateway: check the key against the data plane and keep it for this tab.
  auth.sessionsSupported = false;
  const check = await fetch('/v1/models', { headers: { Authorization: 'Bearer ' + apiKey } });
  if (!check.ok) throw new ApiError(check.status, await readBody(check), check.headers.get('x-request-id'));
  sessionStorage.setItem(KEY_STORAGE, apiKey);
  auth.mode = 'key';
  return describe();
}

/** Whose invitation a token is, before the password is chosen: {valid, email, message}; null when the gateway cannot tell. */
export async function checkInvite(token) {
  try {
    const res = await fetch('/api/v1/auth/check-invite', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return res.ok ? await readBody(res) : null;
  } catch {
    return null;
  }
}

/** Completes an invitation: sets the password (and signs in when the gateway answers with a session). */
export async function acceptInvite(token, password) {
  const res = await fetch('/api/v1/auth/accept-invite', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, password }),
  });
  const body = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, body, res.headers.get('x-request-id'));
  if (body?.user) {
    setSession(body);
    await describe();
    return true;
  }
  return false;
}

export async function logout() {
  if (auth.mode === 'session') {
    try {
      await request('/api/v1/auth/logout', { method: 'POST' });
    } catch {
      // Signing out locally is what matters; the session expires on its own.
    }
  }
  clear();
}

// Fills in the user and what they may see. With only a key, the key's own permissions tell: the usage report is
// for tenant admins, and the accounts list shows only accounts the caller manages.
async function describe() {
  if (auth.mode === 'key') {
    const me = await request('/api/v1/auth/me');
    if (me.ok) {
      const body = await readBody(me);
      auth.user = body?.user ?? body;
    } else {
      // No /auth/me for keys (or none at all): a 401 from the usage report means the key itself is bad.
      const usage = await request('/api/v1/usage?limit=1');
      if (usage.status === 401) {
        clear();
        return false;
      }
      auth.user = { email: null, tenant_admin: usage.ok };
    }
  } else if (!Array.isArray(auth.user?.managed_accounts)) {
    // The sign-in answer names the user only; /auth/me adds the accounts they manage.
    const me = await request('/api/v1/auth/me');
    const body = me.ok ? await readBody(me) : null;
    if (body && typeof body === 'object') auth.user = { ...auth.user, ...body };
  }
  if (Array.isArray(auth.user?.managed_accounts)) {
    auth.managedAccounts = auth.user.managed_accounts;
    auth.canManageAccounts = auth.user.tenant_admin === true || auth.managedAccounts.length > 0;
  } else if (auth.user?.tenant_admin) {
    auth.canManageAccounts = true;
  } else {
    // An older gateway: the accounts list (only those the caller may read) is the best hint there is.
    const accounts = await request('/api/v1/provider-accounts');
    const body = accounts.ok ? await readBody(accounts) : null;
    auth.canManageAccounts = Array.isArray(body?.data) && body.data.length > 0;
  }
  return true;
}

// --- Usage, Playground and Models pages (ui-usage) ---

/** Usage filters ({from, model, user, status, ...}) as a query string; empty values are left out. */
export function usageQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  return q.toString();
}

/** GET /api/v1/usage: {data: records newest first, next_cursor}. */
export function usageRecords(params) {
  return json('/api/v1/usage?' + usageQuery(params));
}

/** GET /api/v1/usage/summary: {data: one row per group, group_by}. */
export function usageSummary(params) {
  return json('/api/v1/usage/summary?' + usageQuery(params));
}

/** The same report as CSV text (Accept: text/csv); `path` is 'usage' or 'usage/summary'. */
export async function usageCsv(path, params) {
  const res = await request(`/api/v1/${path}?` + usageQuery(params), { headers: { Accept: 'text/csv' } });
  if (!res.ok) throw new ApiError(res.status, await readBody(res), res.headers.get('x-request-id'));
  return res.text();
}

/**
 * The usage records of one call (a virtual model's failed attempts have their own), oldest first. `around` is a time
 * near the call's end: request ids are not indexed, so the search is narrowed to the hour before it.
 */
export async function requestRecords(requestId, around) {
  const end = new Date(around ?? Date.now());
  const from = new Date(end.getTime() - 3600_000).toISOString();
  const to = new Date(end.getTime() + 60_000).toISOString();
  const body = await json('/api/v1/usage?' + usageQuery({ request_id: requestId, from, to }));
  return (body.data ?? []).slice().reverse();
}

/** The built-in Bedrock catalogue (prices and capabilities per model ID); null when the caller cannot read it. */
export async function catalogue() {
  try {
    return await json('/api/v1/catalogue/bedrock');
  } catch {
    return null;
  }
}
// --- Provider accounts, virtual models, limits (ui-accounts) ---

const enc = encodeURIComponent;

/** What the caller may do with an account or virtual-model group: {update, delete, manage_collaborators, add_model, test}. */
export const accountPermissions = name => json(`/api/v1/provider-accounts/${enc(name)}/permissions`);

export const saveCollaborators = (name, collaborators) =>
  json(`/api/v1/provider-accounts/${enc(name)}/collaborators`, { method: 'PUT', body: { collaborators } });

/** Users and teams to pick collaborators from; what the caller may not list is left out (managers are not admins). */
export async function directory() {
  const read = async path => {
    const res = await request(path);
    return res.ok ? ((await readBody(res))?.data ?? []) : [];
  };
  const [users, teams, virtualAccounts] = await Promise.all([read('/api/v1/users'), read('/api/v1/teams'), read('/api/v1/virtual-accounts')]);
  return { users, teams, virtualAccounts };
}

/** The gateway's own AWS identity: {known, arn, principal_arn, account_id} or {known: false, message}. */
export function gatewayIdentity(region, stsEndpoint) {
  const q = new URLSearchParams({ region });
  if (stsEndpoint) q.set('sts_endpoint_url', stsEndpoint);
  return json('/api/v1/gateway-identity?' + q);
}

export const virtualModelGroups = () => json('/api/v1/virtual-model-groups');
export const virtualModelGroup = name => json(`/api/v1/virtual-model-groups/${enc(name)}`);
export const virtualModelHealth = name => json(`/api/v1/virtual-model-groups/${enc(name)}/health`);
export const deleteVirtualModelGroup = name => json(`/api/v1/virtual-model-groups/${enc(name)}`, { method: 'DELETE' });

/** POST /apply with JSON documents or YAML text; throws ApiError with details[] on problems. */
export function applyManifest(body, { yaml = false, dryRun = false } = {}) {
  const type = yaml ? 'application/yaml' : typeof body === 'string' ? 'application/json' : null;
  return json('/api/v1/apply' + (dryRun ? '?dryRun=true' : ''), { method: 'POST', body, headers: type ? { 'Content-Type': type } : undefined });
}

export const limitDocuments = () => json('/api/v1/limits');
export function limitStatus(subject) {
  return json('/api/v1/limits/status' + (subject ? '?subject=' + enc(subject) : ''));
}
export const limitAlerts = () => json('/api/v1/limits/alerts');
// ---- Access: users, teams, virtual accounts, API keys, audit log ----


export const listUsers = async () => (await json('/api/v1/users')).data ?? [];
/** A one-time invitation link ({email, invite_url, expires_at}); creates the user when it does not exist. */
export const inviteUser = (email) => json(`/api/v1/users/${enc(email)}/invite`, { method: 'POST' });
export const updateUser = (email, changes) => json(`/api/v1/users/${enc(email)}`, { method: 'PUT', body: changes });

export const listTeams = async () => (await json('/api/v1/teams')).data ?? [];
export const createTeam = (team) => json('/api/v1/teams', { method: 'POST', body: team });
export const saveTeam = (team) => json(`/api/v1/teams/${enc(team.name)}`, { method: 'PUT', body: team });
export const deleteTeam = (name) => json(`/api/v1/teams/${enc(name)}`, { method: 'DELETE' });

export const listVirtualAccounts = async () => (await json('/api/v1/virtual-accounts')).data ?? [];
export const createVirtualAccount = (account) => json('/api/v1/virtual-accounts', { method: 'POST', body: account });
export const saveVirtualAccount = (account) => json(`/api/v1/virtual-accounts/${enc(account.name)}`, { method: 'PUT', body: account });
export const deleteVirtualAccount = (name) => json(`/api/v1/virtual-accounts/${enc(name)}`, { method: 'DELETE' });

export const listTokens = async () => (await json('/api/v1/tokens')).data ?? [];
/** A new key ({id, token, name, owner, expires_at}): the only answer that ever holds the secret. */
export const createToken = ({ name, expires_at, user, virtual_account }) => virtual_account
  ? json(`/api/v1/virtual-accounts/${enc(virtual_account)}/tokens`, { method: 'POST', body: { name, expires_at } })
  : json('/api/v1/personal-access-tokens', { method: 'POST', body: { name, expires_at, user } });
export const revokeToken = (id) => json(`/api/v1/tokens/${enc(id)}`, { method: 'DELETE' });

/** Audit entries, newest first; filters: actor, action, target, since, until, limit. */
export async function listAudit(filters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return (await json('/api/v1/audit?' + query)).data ?? [];
}

/** The accounts and models a virtual account can be granted: [{fqn, account, model?}]. */
export async function listGrantableResources() {
  const accounts = (await json('/api/v1/provider-accounts')).data ?? [];
  return accounts.flatMap(a => [{ fqn: a.name, account: a.name },
    ...(a.integrations ?? []).map(m => ({ fqn: `${a.name}/${m.name}`, account: a.name, model: m.name }))]);
}

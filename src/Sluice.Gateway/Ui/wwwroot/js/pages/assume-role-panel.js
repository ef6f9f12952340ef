// The assume-role panel of the account form: the IAM permission policy for the role and its trust policy, ready to
// paste into AWS, filled in from the role ARN, the external ID and the gateway's own AWS identity (asked of STS
// through the admin API; when the gateway cannot tell, the panel says so and the admin types it).
import { gatewayIdentity } from '../api.js';
import { h, replace, uid, statusBox, showStatus } from '../dom.js';

const PLACEHOLDER_PRINCIPAL = 'arn:aws:iam::GATEWAY_ACCOUNT_ID:role/GATEWAY_ROLE';

/** The role's account ID from its ARN (arn:aws:iam::123456789012:role/name), or null. */
export function accountOf(roleArn) {
  const m = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn ?? '');
  return m ? m[1] : null;
}

/** What the role must allow: calling models and inference profiles, and reading profiles (for pricing). */
export function permissionPolicy(roleArn) {
  const account = accountOf(roleArn) ?? '*';
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SluiceInvokeModels',
        Effect: 'Allow',
        Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
        Resource: [
          'arn:aws:bedrock:*::foundation-model/*',
          `arn:aws:bedrock:*:${account}:inference-profile/*`,
          `arn:aws:bedrock:*:${account}:application-inference-profile/*`,
        ],
      },
      {
        Sid: 'SluiceReadInferenceProfiles',
        Effect: 'Allow',
        Action: ['bedrock:GetInferenceProfile', 'bedrock:ListInferenceProfiles'],
        Resource: '*',
      },
    ],
  };
}

/** Who may assume the role: the gateway's identity, with the external ID when there is one. */
export function trustPolicy(principalArn, externalId) {
  const statement = {
    Effect: 'Allow',
    Principal: { AWS: principalArn || PLACEHOLDER_PRINCIPAL },
    Action: 'sts:AssumeRole',
  };
  if (externalId) statement.Condition = { StringEquals: { 'sts:ExternalId': externalId } };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** A random external ID (the shared secret that keeps other AWS customers' gateways from assuming the role). */
export function newExternalId() {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return 'sluice-' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

/** inputs: {roleArn, externalId, region, stsEndpoint} (the form's inputs). Returns the panel element. */
export function assumeRolePanel(inputs) {
  const principal = h('input', { type: 'text', id: uid(), name: 'gateway_principal', autocomplete: 'off', spellcheck: 'false', placeholder: PLACEHOLDER_PRINCIPAL });
  const principalHint = h('p', { class: 'hint', id: uid('hint') },
    'The AWS identity the gateway runs as: the trust policy lets it assume the role. Not saved with the account.');
  principal.setAttribute('aria-describedby', principalHint.id);
  const lookupStatus = statusBox();
  const lookup = h('button', { type: 'button', class: 'btn small', onclick: ask }, "Look up the gateway's identity");
  const generate = h('button', { type: 'button', class: 'btn small', onclick: () => {
    inputs.externalId.value = newExternalId();
    update();
  } }, 'Generate an external ID');

  const permissionText = h('pre', { class: 'policy', id: uid('policy'), tabindex: 0, 'aria-label': 'Permission policy JSON' });
  const trustText = h('pre', { class: 'policy', id: uid('policy'), tabindex: 0, 'aria-label': 'Trust policy JSON' });

  function update() {
    replace(permissionText, JSON.stringify(permissionPolicy(inputs.roleArn.value.trim()), null, 2));
    replace(trustText, JSON.stringify(trustPolicy(principal.value.trim(), inputs.externalId.value.trim()), null, 2));
  }

  async function ask() {
    lookup.disabled = true;
    showStatus(lookupStatus, 'pending', "Asking STS who the gateway is…");
    try {
      const who = await gatewayIdentity(inputs.region.value.trim() || 'us-east-1', inputs.stsEndpoint.value.trim());
      if (who.known) {
        principal.value = who.principal_arn;
        showStatus(lookupStatus, 'ok', h('p', null, 'The gateway runs as ', h('code', null, who.arn),
          who.principal_arn !== who.arn ? ['; the trust policy names its role ', h('code', null, who.principal_arn), ' (add the role\'s path if it has one).'] : '.'));
      } else {
        showStatus(lookupStatus, 'neutral', h('p', null, h('strong', null, 'Unknown. '), who.message,
          ' Type the ARN of the role or user the gateway runs as (for example its instance or task role).'));
      }
    } catch (e) {
      showStatus(lookupStatus, 'error', e.message);
    } finally {
      lookup.disabled = false;
      update();
    }
  }

  for (const input of [inputs.roleArn, inputs.externalId, principal]) input.addEventListener('input', update);
  update();

  return h('section', { class: 'assume-role', 'aria-labelledby': 'assume-role-title' },
    h('h3', { id: 'assume-role-title' }, 'Set up the role in AWS'),
    h('p', { class: 'hint' }, 'Create the role in the AWS account that runs Bedrock, attach the permission policy, and give it the trust policy. Both update as you type.'),
    h('div', { class: 'field' }, h('label', { for: principal.id }, "Gateway's AWS identity"), principal, principalHint),
    h('div', { class: 'toolbar wrap' }, lookup, generate),
    lookupStatus,
    policyBlock('Permission policy (attach to the role)', permissionText),
    policyBlock('Trust policy (the role\'s trust relationship)', trustText));
}

function policyBlock(title, pre) {
  const copied = h('span', { class: 'muted small', role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn small ghost', 'aria-label': 'Copy ' + title.split(' (')[0].toLowerCase(), onclick: async () => {
    try {
      await navigator.clipboard.writeText(pre.textContent);
      copied.textContent = 'Copied.';
    } catch {
      copied.textContent = 'Select the text and copy it.';
    }
  } }, 'Copy');
  return h('div', { class: 'policy-block' },
    h('div', { class: 'section-head' }, h('h4', null, title), h('span', { class: 'toolbar' }, copied, copy)),
    pre);
}

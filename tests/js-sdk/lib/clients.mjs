// SDK clients pointed at the emulator, and what the tests need from the fixture.
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { fixture } from "./emulator.mjs";

/**
 * The two transports a Node user gets: Bedrock Runtime's default (NodeHttp2Handler, h2c with prior knowledge over
 * http://; no handler is passed, so the SDK's own default is what is tested) and HTTP/1.1 (NodeHttpHandler).
 * STS defaults to HTTP/1.1, so the HTTP/2 case hands it a NodeHttp2Handler to sign and send STS over HTTP/2 as well.
 */
export const transports = [
  { name: "HTTP/2 (default NodeHttp2Handler)", protocol: "HTTP/2", handler: () => undefined, stsHandler: () => new NodeHttp2Handler() },
  { name: "HTTP/1.1 (NodeHttpHandler)", protocol: "HTTP/1.1", handler: () => new NodeHttpHandler(), stsHandler: () => new NodeHttpHandler() },
];

export const region = "us-east-1";

/** A Bedrock Runtime client on `transport`; `auth` is { credentials } (SigV4) or { token } (Bedrock API key). */
export function bedrock(emulator, transport, auth) {
  const requestHandler = transport.handler();
  return new BedrockRuntimeClient({
    region,
    endpoint: emulator.url,
    maxAttempts: 1,
    ...(requestHandler ? { requestHandler } : {}),
    ...(auth.token ? { token: { token: auth.token }, authSchemePreference: ["httpBearerAuth"] } : { credentials: auth.credentials }),
  });
}

/** An STS client on `transport`. */
export function sts(emulator, transport, credentials) {
  return new STSClient({ region, endpoint: emulator.url, maxAttempts: 1, credentials, requestHandler: transport.stsHandler() });
}

export function userCredentials(user) {
  return { accessKeyId: user.access_key_id, secretAccessKey: user.secret_access_key };
}

const allows = (list, value) => list.includes("*") || list.includes(value);

/** The first fixture user, whose regions include the test Region. */
export const user = fixture.users.find((u) => allows(u.policy.allowed_regions, region));

/** A role that user may assume, with its external ID. */
export const role = fixture.roles.find((r) => r.trusted_principals.includes(`arn:aws:iam::${fixture.account_id}:user/${user.name}`) && r.external_id);

/** A chat model callable on demand in the test Region. */
export const chatModel = fixture.models.find((m) => !m.profile_only && m.regions.includes(region) && /^(anthropic|amazon\.nova|meta)\./.test(m.id));

/** A model only callable through an inference profile, and that profile. */
export const profileOnlyModel = fixture.models.find((m) => m.profile_only && m.regions.includes(region));
export const profileOf = (model) => fixture.inference_profiles.find((p) => p.model_id === model.id);

/** A profile whose destinations include a Region the user is not allowed in: calling it is AccessDenied. */
export const deniedProfile = fixture.inference_profiles.find((p) => p.destination_regions.some((r) => !allows(user.policy.allowed_regions, r)));

export const embeddingModel = fixture.models.find((m) => m.id.startsWith("amazon.titan-embed-text-v2"));
export const imageModel = fixture.models.find((m) => m.id.startsWith("amazon.titan-image-generator-v2"));
export const apiKey = fixture.api_keys[0];

// The official AWS SDK for JavaScript v3 against `sluice emulator`, over HTTP/2 (the SDK's default for Bedrock Runtime)
// and HTTP/1.1. Every call's protocol is checked in the emulator's request log, so a silent fallback would fail.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { Emulator, fixture } from "./lib/emulator.mjs";
import {
  apiKey, bedrock, chatModel, deniedProfile, embeddingModel, imageModel, profileOf, profileOnlyModel, role, sts, transports, user,
  userCredentials,
} from "./lib/clients.mjs";

const userText = (text) => [{ role: "user", content: [{ text }] }];

let emulator;
before(async () => {
  emulator = await Emulator.start();
});

after(async () => {
  // SIGTERM must end `sluice emulator` promptly and cleanly.
  assert.equal(await emulator?.stop(5_000), 0);
});

for (const transport of transports) {
  describe(`AWS SDK for JavaScript v3 over ${transport.name}`, () => {
    const credentials = userCredentials(user);
    let client;
    before(() => {
      client = bedrock(emulator, transport, { credentials });
    });
    after(() => client.destroy());

    /** Runs `call`, then asserts the emulator logged it over this transport's protocol; returns [result, log line]. */
    async function logged(call) {
      const mark = emulator.mark();
      const result = await call();
      const line = await emulator.nextRequest(mark);
      assert.ok(line.startsWith(transport.protocol + " "), `expected ${transport.protocol}: ${line}`);
      return [result, line];
    }

    async function rejected(call) {
      const mark = emulator.mark();
      const error = await call().then(() => assert.fail("the call succeeded"), (e) => e);
      const line = await emulator.nextRequest(mark);
      assert.ok(line.startsWith(transport.protocol + " "), `expected ${transport.protocol}: ${line}`);
      return error;
    }

    test("Converse answers with the echoed text and usage", async () => {
      const [response, line] = await logged(() => client.send(new ConverseCommand({ modelId: chatModel.id, messages: userText("hello from the js sdk") })));
      assert.equal(response.output.message.role, "assistant");
      assert.equal(response.output.message.content[0].text, "hello from the js sdk");
      assert.equal(response.stopReason, "end_turn");
      assert.equal(response.usage.inputTokens, 5);
      assert.match(line, new RegExp(`principal=arn:aws:iam::${fixture.account_id}:user/${user.name} -> 200`));
    });

    test("ConverseStream delivers every text delta, then messageStop and metadata", async () => {
      const [response] = await logged(async () => {
        const r = await client.send(new ConverseStreamCommand({ modelId: chatModel.id, messages: userText("one two three four") }));
        const events = [];
        for await (const event of r.stream) events.push(event);
        return events;
      });
      const kinds = response.map((e) => Object.keys(e)[0]);
      assert.equal(kinds[0], "messageStart");
      assert.deepEqual(kinds.slice(-2), ["messageStop", "metadata"]);
      const text = response.filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta.delta.text).join("");
      assert.equal(text, "one two three four");
      assert.equal(response.at(-2).messageStop.stopReason, "end_turn");
      assert.equal(response.at(-1).metadata.usage.outputTokens, 4);
    });

    test("a tool round trip: toolUse, then the toolResult is answered", async () => {
      const toolConfig = {
        tools: [{ toolSpec: { name: "get_weather", description: "Weather for a city", inputSchema: { json: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } } }],
      };
      const messages = userText("call get_weather city=Paris");
      const [first] = await logged(() => client.send(new ConverseCommand({ modelId: chatModel.id, messages, toolConfig })));
      assert.equal(first.stopReason, "tool_use");
      const toolUse = first.output.message.content.find((c) => c.toolUse).toolUse;
      assert.equal(toolUse.name, "get_weather");
      assert.deepEqual(toolUse.input, { city: "Paris" });

      messages.push(first.output.message, { role: "user", content: [{ toolResult: { toolUseId: toolUse.toolUseId, content: [{ text: "sunny, 21 C" }] } }] });
      const [second] = await logged(() => client.send(new ConverseCommand({ modelId: chatModel.id, messages, toolConfig })));
      assert.equal(second.stopReason, "end_turn");
      assert.match(second.output.message.content[0].text, /^Tool result: sunny, 21 C/);
    });

    test("a profile the user's policy does not cover in every destination is AccessDeniedException", async () => {
      const error = await rejected(() => client.send(new ConverseCommand({ modelId: deniedProfile.id, messages: userText("hi") })));
      assert.equal(error.name, "AccessDeniedException");
      assert.equal(error.$metadata.httpStatusCode, 403);
      assert.match(error.message, new RegExp(`^User: arn:aws:iam::${fixture.account_id}:user/${user.name} is not authorized to perform: bedrock:InvokeModel on resource: `));
    });

    test("a profile-only model by its plain ID is ValidationException; through its profile it answers", async () => {
      const error = await rejected(() => client.send(new ConverseCommand({ modelId: profileOnlyModel.id, messages: userText("hi") })));
      assert.equal(error.name, "ValidationException");
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, new RegExp(`^Invocation of model ID ${profileOnlyModel.id.replaceAll(".", "\\.")} with on-demand throughput isn’t supported\\.`));

      // The fixture's API key is allowed in every destination of the profile.
      const keyed = bedrock(emulator, transport, { token: apiKey.key });
      try {
        const [response, line] = await logged(() => keyed.send(new ConverseCommand({ modelId: profileOf(profileOnlyModel).id, messages: userText("via the profile") })));
        assert.equal(response.output.message.content[0].text, "via the profile");
        assert.match(line, new RegExp(`principal=arn:aws:iam::${fixture.account_id}:user/${apiKey.user_name} -> 200`));
      } finally {
        keyed.destroy();
      }
    });

    test("a wrong secret is InvalidSignatureException", async () => {
      const wrong = bedrock(emulator, transport, { credentials: { ...credentials, secretAccessKey: "not-the-secret" } });
      try {
        const error = await rejected(() => wrong.send(new ConverseCommand({ modelId: chatModel.id, messages: userText("hi") })));
        assert.equal(error.name, "InvalidSignatureException");
        assert.equal(error.$metadata.httpStatusCode, 403);
        assert.match(error.message, /^The request signature we calculated does not match the signature you provided\./);
      } finally {
        wrong.destroy();
      }
    });

    test("STS AssumeRole with the external ID, then Bedrock with the temporary credentials", async () => {
      const stsClient = sts(emulator, transport, credentials);
      try {
        const [assumed] = await logged(() => stsClient.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: "js-sdk", ExternalId: role.external_id, DurationSeconds: 900 })));
        assert.match(assumed.Credentials.AccessKeyId, /^ASIA/);
        assert.equal(assumed.AssumedRoleUser.Arn, `${role.arn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/js-sdk`);

        const wrongId = await rejected(() => stsClient.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: "js-sdk", ExternalId: "not-" + role.external_id })));
        assert.equal(wrongId.name, "AccessDenied");

        const temporary = bedrock(emulator, transport, {
          credentials: { accessKeyId: assumed.Credentials.AccessKeyId, secretAccessKey: assumed.Credentials.SecretAccessKey, sessionToken: assumed.Credentials.SessionToken },
        });
        try {
          // The role may call the profile in all its destinations, which the user itself may not.
          const [response, line] = await logged(() => temporary.send(new ConverseCommand({ modelId: deniedProfile.id, messages: userText("as the role") })));
          assert.equal(response.output.message.content[0].text, "as the role");
          assert.match(line, /principal=arn:aws:sts::\d+:assumed-role\/[^/]+\/js-sdk -> 200/);
        } finally {
          temporary.destroy();
        }
      } finally {
        stsClient.destroy();
      }
    });

    test("InvokeModel: Titan text embeddings of the requested size", async () => {
      const body = JSON.stringify({ inputText: "embed these four words", dimensions: 256 });
      const [response] = await logged(() => client.send(new InvokeModelCommand({ modelId: embeddingModel.id, contentType: "application/json", accept: "application/json", body })));
      const json = JSON.parse(new TextDecoder().decode(response.body));
      assert.equal(json.embedding.length, 256);
      assert.ok(json.embedding.every((x) => typeof x === "number"));
      assert.equal(json.inputTextTokenCount, 4);
    });

    test("InvokeModel: Titan Image returns a PNG of the requested size", async () => {
      const body = JSON.stringify({
        taskType: "TEXT_IMAGE",
        textToImageParams: { text: "a lighthouse at dusk" },
        imageGenerationConfig: { numberOfImages: 1, width: 768, height: 1152 },
      });
      const [response] = await logged(() => client.send(new InvokeModelCommand({ modelId: imageModel.id, contentType: "application/json", body })));
      const json = JSON.parse(new TextDecoder().decode(response.body));
      assert.equal(json.images.length, 1);
      const png = Buffer.from(json.images[0], "base64");
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(png.readUInt32BE(16), 768); // IHDR width
      assert.equal(png.readUInt32BE(20), 1152); // IHDR height
    });
  });
}

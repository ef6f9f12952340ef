// Ready-to-run code for one model on this gateway: curl, Python, JavaScript and C# with the OpenAI SDKs, and for
// Claude models the Anthropic SDKs against /v1/messages. The key is left as an environment variable: the UI never
// puts a secret into text meant to be copied.
import { h } from '../dom.js';

/** Each snippet under its own heading, with a Copy button; `level` is the heading level. */
export function renderSnippets(list, level = 3) {
  return list.map(s => {
    const copied = h('span', { class: 'muted small', role: 'status' });
    const pre = h('pre', { class: 'snippet', tabindex: 0, dataset: { snippet: s.id }, 'aria-label': s.title + ' code' }, h('code', null, s.code));
    return h('div', { class: 'snippet-block' },
      h('div', { class: 'snippet-head' }, h('h' + level, null, s.title),
        h('span', null, copied, ' ', h('button', {
          type: 'button', class: 'btn ghost small', 'aria-label': 'Copy the ' + s.title + ' code',
          onclick: async () => {
            try {
              await navigator.clipboard.writeText(s.code);
              copied.textContent = 'Copied.';
            } catch {
              copied.textContent = 'Select the code and copy it (the browser refused).';
            }
          },
        }, 'Copy'))),
      pre);
  });
}

/** True for models Bedrock serves through Anthropic's Messages API (the Anthropic SDK works with them). */
export function isClaude(model) {
  const id = (model?.sluice?.upstream_model_id ?? '') + ' ' + (model?.id ?? '');
  return /anthropic\.|claude/i.test(id);
}

function str(value) {
  return JSON.stringify(value);
}

/** The chat snippets for `model` (an entry of /v1/models); `opts` carries the Playground's settings. */
export function chatSnippets(model, base, opts = {}) {
  const id = model.id;
  const v1 = base + '/v1';
  const message = opts.message || 'Hello!';
  const messages = [...(opts.system ? [{ role: 'system', content: opts.system }] : []), { role: 'user', content: message }];
  const extras = {};
  if (opts.temperature !== undefined && opts.temperature !== '') extras.temperature = Number(opts.temperature);
  if (opts.maxTokens !== undefined && opts.maxTokens !== '') extras.max_tokens = Number(opts.maxTokens);
  const body = { model: id, messages, ...extras, stream: true, stream_options: { include_usage: true } };
  const pyMessages = messages.map(m => `        {"role": ${str(m.role)}, "content": ${str(m.content)}},`).join('\n');
  const pyExtras = Object.entries(extras).map(([k, v]) => `    ${k}=${v},\n`).join('');
  const jsMessages = messages.map(m => `    { role: ${str(m.role)}, content: ${str(m.content)} },`).join('\n');
  const jsExtras = Object.entries(extras).map(([k, v]) => `  ${k}: ${v},\n`).join('');
  const csMessages = messages.map(m => (m.role === 'system' ? `    new SystemChatMessage(${str(m.content)}),` : `    new UserChatMessage(${str(m.content)}),`)).join('\n');
  const csOptions = [
    extras.temperature !== undefined ? `Temperature = ${extras.temperature}f` : null,
    extras.max_tokens !== undefined ? `MaxOutputTokenCount = ${extras.max_tokens}` : null,
  ].filter(Boolean);
  const list = [
    { id: 'curl', title: 'curl', code: `curl -N ${v1}/chat/completions \\
  -H "Authorization: Bearer $SLUICE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '${JSON.stringify(body).replaceAll("'", "'\\''")}'` },
    { id: 'python', title: 'Python (OpenAI SDK)', code: `# pip install openai
import os
from openai import OpenAI

client = OpenAI(base_url=${str(v1)}, api_key=os.environ["SLUICE_API_KEY"])
stream = client.chat.completions.create(
    model=${str(id)},
    messages=[
${pyMessages}
    ],
${pyExtras}    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)
    if chunk.usage:
        print("\\n", chunk.usage)` },
    { id: 'javascript', title: 'JavaScript (OpenAI SDK)', code: `// npm install openai
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: ${str(v1)}, apiKey: process.env.SLUICE_API_KEY });
const stream = await client.chat.completions.create({
  model: ${str(id)},
  messages: [
${jsMessages}
  ],
${jsExtras}  stream: true,
  stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  process.stdout.write(chunk.choices[0]?.delta?.content ?? '');
  if (chunk.usage) console.log('\\n', chunk.usage);
}` },
    { id: 'csharp', title: 'C# (OpenAI SDK)', code: `// dotnet add package OpenAI
using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

var client = new ChatClient(${str(id)},
    new ApiKeyCredential(Environment.GetEnvironmentVariable("SLUICE_API_KEY")!),
    new OpenAIClientOptions { Endpoint = new Uri(${str(v1)}) });
var options = new ChatCompletionOptions${csOptions.length ? ` { ${csOptions.join(', ')} }` : '()'};
List<ChatMessage> messages =
[
${csMessages}
];
await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
{
    foreach (var part in update.ContentUpdate) Console.Write(part.Text);
    if (update.Usage is { } usage) Console.WriteLine($"\\n{usage.InputTokenCount} in, {usage.OutputTokenCount} out");
}` },
  ];
  if (isClaude(model)) list.push(...anthropicSnippets(id, base, opts, message));
  return list;
}

function anthropicSnippets(id, base, opts, message) {
  const maxTokens = opts.maxTokens ? Number(opts.maxTokens) : 1024;
  const system = opts.system ? { system: opts.system } : {};
  const body = { model: id, max_tokens: maxTokens, ...system, messages: [{ role: 'user', content: message }] };
  return [
    { id: 'anthropic-curl', title: 'curl (Anthropic Messages API)', code: `curl ${base}/v1/messages \\
  -H "x-api-key: $SLUICE_API_KEY" \\
  -H "anthropic-version: 2023-06-01" \\
  -H "Content-Type: application/json" \\
  -d '${JSON.stringify(body).replaceAll("'", "'\\''")}'` },
    { id: 'anthropic-python', title: 'Python (Anthropic SDK)', code: `# pip install anthropic
import os
import anthropic

client = anthropic.Anthropic(base_url=${str(base)}, api_key=os.environ["SLUICE_API_KEY"])
message = client.messages.create(
    model=${str(id)},
    max_tokens=${maxTokens},
${opts.system ? `    system=${str(opts.system)},\n` : ''}    messages=[{"role": "user", "content": ${str(message)}}],
)
print(message.content[0].text, message.usage)` },
    { id: 'anthropic-javascript', title: 'JavaScript (Anthropic SDK)', code: `// npm install @anthropic-ai/sdk
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: ${str(base)}, apiKey: process.env.SLUICE_API_KEY });
const message = await client.messages.create({
  model: ${str(id)},
  max_tokens: ${maxTokens},
${opts.system ? `  system: ${str(opts.system)},\n` : ''}  messages: [{ role: 'user', content: ${str(message)} }],
});
console.log(message.content[0].text, message.usage);` },
  ];
}

/** Snippets for an embedding or image model (curl and the OpenAI SDKs). */
export function otherSnippets(model, base, kind) {
  const v1 = base + '/v1';
  const id = model.id;
  if (kind === 'embedding') {
    return [
      { id: 'curl', title: 'curl', code: `curl ${v1}/embeddings \\
  -H "Authorization: Bearer $SLUICE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": ${str(id)}, "input": "The quick brown fox"}'` },
      { id: 'python', title: 'Python (OpenAI SDK)', code: `from openai import OpenAI
import os

client = OpenAI(base_url=${str(v1)}, api_key=os.environ["SLUICE_API_KEY"])
result = client.embeddings.create(model=${str(id)}, input="The quick brown fox")
print(len(result.data[0].embedding), result.usage)` },
      { id: 'javascript', title: 'JavaScript (OpenAI SDK)', code: `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: ${str(v1)}, apiKey: process.env.SLUICE_API_KEY });
const result = await client.embeddings.create({ model: ${str(id)}, input: 'The quick brown fox' });
console.log(result.data[0].embedding.length, result.usage);` },
      { id: 'csharp', title: 'C# (OpenAI SDK)', code: `using System.ClientModel;
using OpenAI;
using OpenAI.Embeddings;

var client = new EmbeddingClient(${str(id)},
    new ApiKeyCredential(Environment.GetEnvironmentVariable("SLUICE_API_KEY")!),
    new OpenAIClientOptions { Endpoint = new Uri(${str(v1)}) });
OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("The quick brown fox");
Console.WriteLine(embedding.ToFloats().Length);` },
    ];
  }
  return [
    { id: 'curl', title: 'curl', code: `curl ${v1}/images/generations \\
  -H "Authorization: Bearer $SLUICE_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": ${str(id)}, "prompt": "A lighthouse at dawn", "size": "1024x1024", "response_format": "b64_json"}'` },
    { id: 'python', title: 'Python (OpenAI SDK)', code: `from openai import OpenAI
import base64, os

client = OpenAI(base_url=${str(v1)}, api_key=os.environ["SLUICE_API_KEY"])
result = client.images.generate(model=${str(id)}, prompt="A lighthouse at dawn", size="1024x1024", response_format="b64_json")
open("image.png", "wb").write(base64.b64decode(result.data[0].b64_json))` },
    { id: 'javascript', title: 'JavaScript (OpenAI SDK)', code: `import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';

const client = new OpenAI({ baseURL: ${str(v1)}, apiKey: process.env.SLUICE_API_KEY });
const result = await client.images.generate({ model: ${str(id)}, prompt: 'A lighthouse at dawn', size: '1024x1024', response_format: 'b64_json' });
writeFileSync('image.png', Buffer.from(result.data[0].b64_json, 'base64'));` },
    { id: 'csharp', title: 'C# (OpenAI SDK)', code: `using System.ClientModel;
using OpenAI;
using OpenAI.Images;

var client = new ImageClient(${str(id)},
    new ApiKeyCredential(Environment.GetEnvironmentVariable("SLUICE_API_KEY")!),
    new OpenAIClientOptions { Endpoint = new Uri(${str(v1)}) });
GeneratedImage image = await client.GenerateImageAsync("A lighthouse at dawn",
    new ImageGenerationOptions { Size = GeneratedImageSize.W1024xH1024, ResponseFormat = GeneratedImageFormat.Bytes });
File.WriteAllBytes("image.png", image.ImageBytes.ToArray());` },
  ];
}

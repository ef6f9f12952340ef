// Generates src/Sluice.AzureOpenAI/Catalogue/azure-openai-catalogue.json, the Azure OpenAI prices Sluice embeds,
// from @pydantic/genai-prices (pinned in package-lock.json): its provider "azure", then the providers it names as
// fallbacks for models it does not list itself ("openai" first; Azure's Global Standard deployments cost what
// OpenAI charges). A model listed by "azure" wins over the same ID in a fallback provider.
// Each model is keyed by its ID; the exact model names its "equals" match rules list are kept as aliases, so a
// deployment named after a dated version (gpt-4o-2024-11-20) finds its price too. Substring rules are never used.
// The output depends only on the pinned package (no clock, no network), so running it again reproduces the file.
//
//   node scripts/catalogue/generate-azure.mjs [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProvider } from "@pydantic/genai-prices";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const outIndex = process.argv.indexOf("--out");
const outPath = outIndex > 0 ? process.argv[outIndex + 1] : join(repo, "src", "Sluice.AzureOpenAI", "Catalogue", "azure-openai-catalogue.json");
const version = JSON.parse(readFileSync(join(here, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8")).version;

// Only the fallbacks whose models Azure OpenAI deploys under their own names.
const FALLBACKS = ["openai"];
const azure = findProvider({ providerId: "azure" });
const providers = [azure, ...FALLBACKS.filter(id => (azure.fallback_model_providers ?? []).includes(id)).map(id => findProvider({ providerId: id }))];

const byId = new Map();
for (const provider of providers) {
  for (const m of provider.models) {
    if (byId.has(m.id)) continue;
    const prices = tokenPrices(m.prices);
    if (prices === null) continue;
    byId.set(m.id, {
      id: m.id,
      aliases: aliases(m).filter(a => a !== m.id),
      type: m.id.startsWith("text-embedding") ? "embedding" : "chat",
      source: provider.id,
      prices,
    });
  }
}

// An alias another model uses as its own ID, or that two models claim, would price the wrong model: drop it.
const claims = new Map();
for (const m of byId.values()) for (const a of m.aliases) claims.set(a, (claims.get(a) ?? 0) + 1);
for (const m of byId.values()) m.aliases = m.aliases.filter(a => !byId.has(a) && claims.get(a) === 1).sort(cmp);

const catalogue = {
  generator: "scripts/catalogue/generate-azure.mjs",
  source: {
    title: `@pydantic/genai-prices ${version}, provider "azure" with fallback ${FALLBACKS.map(f => `"${f}"`).join(", ")}`,
    url: "https://www.npmjs.com/package/@pydantic/genai-prices",
    notes: azure.price_comments ?? "",
  },
  models: [...byId.values()].sort((a, b) => cmp(a.id, b.id)),
};
writeFileSync(outPath, JSON.stringify(catalogue, null, 2) + "\n");

// USD per million tokens; a model priced by tiers, time of day or anything but flat token rates is left out.
function tokenPrices(p) {
  if (!p || Array.isArray(p) || typeof p !== "object") return null;
  const out = {};
  for (const [from, to] of [["input_mtok", "input"], ["output_mtok", "output"], ["cache_read_mtok", "cache_read"]]) {
    if (p[from] === undefined) continue;
    if (typeof p[from] !== "number") return null;
    out[to] = p[from];
  }
  return out.input === undefined ? null : out;
}

function aliases(m) {
  const found = [];
  const walk = rule => {
    if (!rule || typeof rule !== "object") return;
    if (typeof rule.equals === "string") found.push(rule.equals);
    for (const r of rule.or ?? []) walk(r);
  };
  walk(m.match);
  return [...new Set(found)];
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

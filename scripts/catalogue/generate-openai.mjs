// Generates src/Sluice.OpenAI/Catalogue/openai-catalogue.json, the OpenAI prices Sluice embeds, from
// @pydantic/genai-prices (pinned in package-lock.json), provider "openai". Every model ID a genai-prices entry matches
// exactly becomes an entry of its own with that entry's prices in force on AS_OF (no clock, no network: running it
// again reproduces the file). Entries priced in ways Sluice does not bill (audio, per-search) keep only their token prices.
//
//   node scripts/catalogue/generate-openai.mjs [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProvider } from "@pydantic/genai-prices";

const AS_OF = "2026-12-05";
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const outIndex = process.argv.indexOf("--out");
const outPath = outIndex > 0 ? process.argv[outIndex + 1] : join(repo, "src", "Sluice.OpenAI", "Catalogue", "openai-catalogue.json");
const FIELDS = { input_mtok: "input", output_mtok: "output", cache_read_mtok: "cache_read" };

const version = JSON.parse(readFileSync(join(here, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8")).version;
const provider = findProvider({ providerId: "openai" });
if (!provider) throw new Error("genai-prices has no openai provider");

const models = new Map();
for (const gm of provider.models) {
  const prices = current(gm.prices);
  if (!prices) continue;
  const figures = {};
  for (const [key, field] of Object.entries(FIELDS)) {
    const v = prices[key];
    // A tiered price keeps its base rate: OpenAI's tiers (long context) are rare and the base is the usual bill.
    if (typeof v === "number") figures[field] = v;
    else if (v && typeof v.base === "number") figures[field] = v.base;
  }
  if (figures.input === undefined && figures.output === undefined) continue;
  for (const id of new Set([gm.id, ...exactIds(gm.match)])) {
    if (!models.has(id)) models.set(id, { id, ...figures, source_id: gm.id });
  }
}

const catalogue = {
  generated: AS_OF,
  generator: "scripts/catalogue/generate-openai.mjs",
  source: { title: `@pydantic/genai-prices ${version}, provider "openai"`, url: "https://www.npmjs.com/package/@pydantic/genai-prices" },
  unit: "USD per million tokens",
  models: [...models.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
};
writeFileSync(outPath, JSON.stringify(catalogue, null, 2) + "\n");

function exactIds(match) {
  if (!match) return [];
  if (typeof match.equals === "string") return [match.equals];
  const ids = [];
  for (const key of ["or", "and"]) {
    if (Array.isArray(match[key])) for (const m of match[key]) ids.push(...exactIds(m));
  }
  return ids;
}


// A price list may change over time; take the entry in force on AS_OF.
function current(prices) {
  if (!Array.isArray(prices)) return prices;
  let chosen = null;
  for (const p of prices) {
    const start = p.constraint?.start_date;
    if (!start || start <= AS_OF) chosen = p.prices;
  }
  return chosen;
}

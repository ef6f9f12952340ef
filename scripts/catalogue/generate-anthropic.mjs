// Generates src/Sluice.Anthropic/Catalogue/anthropic-catalogue.json, the Anthropic prices Sluice embeds, from
// @pydantic/genai-prices (pinned in package-lock.json), provider "anthropic": each model's match rules (which model
// IDs it prices) and its prices per million tokens, cache writes (5 minutes and 1 hour) and reads included. Where the
// package lists prices that changed over time, the last (current) ones are used; a tier that starts at N input tokens
// becomes the long-context price (every token of a request above N input tokens at the higher price).
// The output depends only on the package (no clock, no network), so running it again reproduces the file.
//
//   node scripts/catalogue/generate-anthropic.mjs [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProvider } from "@pydantic/genai-prices";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const outIndex = process.argv.indexOf("--out");
const outPath = outIndex > 0 ? process.argv[outIndex + 1] : join(repo, "src", "Sluice.Anthropic", "Catalogue", "anthropic-catalogue.json");
const version = JSON.parse(readFileSync(join(here, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8")).version;
const FIELDS = { input_mtok: "input", output_mtok: "output", cache_read_mtok: "cache_read", cache_write_mtok: "cache_write_5m", cache_write_1h_mtok: "cache_write_1h" };
const RULES = ["equals", "starts_with", "contains", "regex"];

const provider = findProvider({ providerId: "anthropic" });
if (!provider) throw new Error("genai-prices has no provider \"anthropic\"");

const catalogue = {
  generator: "scripts/catalogue/generate-anthropic.mjs",
  source: {
    title: `@pydantic/genai-prices ${version}, provider "anthropic"`,
    url: "https://www.npmjs.com/package/@pydantic/genai-prices",
  },
  // genai-prices tries models in this order and the first whose rules match prices the call; so does Sluice.
  models: provider.models.map(model),
};
writeFileSync(outPath, JSON.stringify(catalogue, null, 2) + "\n");

function model(m) {
  const { tokens, longContext } = prices(m.id, current(m.prices));
  const entry = { id: m.id, name: m.name ?? m.id, match: rules(m.id, m.match), prices: tokens };
  if (longContext) entry.long_context = longContext;
  return entry;
}

// A list of prices with start-date constraints: the last entry is the one in force now.
function current(p) {
  return Array.isArray(p) ? p[p.length - 1].prices : p;
}

function rules(id, match) {
  if (match.or) return match.or.flatMap(r => rules(id, r));
  const keys = Object.keys(match);
  if (keys.length !== 1 || !RULES.includes(keys[0])) throw new Error(`${id}: unsupported match rule ${JSON.stringify(match)}`);
  return [{ [keys[0]]: match[keys[0]] }];
}

function prices(id, p) {
  const tokens = {};
  const tier = {};
  let above = null;
  for (const [key, field] of Object.entries(FIELDS)) {
    const v = p[key];
    if (v === undefined) continue;
    if (typeof v === "number") {
      tokens[field] = v;
      continue;
    }

    if (typeof v.base !== "number" || !Array.isArray(v.tiers) || v.tiers.length !== 1) throw new Error(`${id}: unsupported price ${key} ${JSON.stringify(v)}`);
    tokens[field] = v.base;
    if (above !== null && above !== v.tiers[0].start) throw new Error(`${id}: tiers start at different token counts`);
    above = v.tiers[0].start;
    tier[field] = v.tiers[0].price;
  }

  return { tokens, longContext: above === null ? null : { above_input_tokens: above, prices: tier } };
}

// Generates src/Sluice.Bedrock/Catalogue/bedrock-catalogue.json, the catalogue Sluice embeds, from two sources:
//   - scripts/catalogue/aws-facts.json: models, regions, profiles, capabilities and prices read from AWS's pages;
//   - @pydantic/genai-prices (pinned in package-lock.json): its AWS Bedrock prices.
// Where both give a figure for the same scope and they differ, the AWS facts win and the model's notes say so.
// The output depends only on those two inputs (no clock, no network), so running it again reproduces the file.
//
//   node scripts/catalogue/generate.mjs [--facts FILE] [--out FILE]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { findProvider } from "@pydantic/genai-prices";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const args = parseArgs(process.argv.slice(2));
const factsPath = args.facts ?? join(here, "aws-facts.json");
const outPath = args.out ?? join(repo, "src", "Sluice.Bedrock", "Catalogue", "bedrock-catalogue.json");

const TYPES = ["chat", "embedding", "image", "rerank"];
const SCOPE_ORDER = ["in-region", "geo", "global", "us-gov"];
const TOKEN_FIELDS = ["input", "output", "cache_read", "cache_write_5m", "cache_write_1h"];
const GENAI_FIELDS = { input_mtok: "input", output_mtok: "output", cache_read_mtok: "cache_read", cache_write_mtok: "cache_write_5m", cache_write_1h_mtok: "cache_write_1h" };
const REGION = /^(?:[a-z]{2}(?:-gov)?-[a-z]+-\d+)$/;

const facts = JSON.parse(readFileSync(factsPath, "utf8"));
const genaiVersion = JSON.parse(readFileSync(join(here, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8")).version;
const genai = genaiBedrock(facts.generated);

// The facts may cite genai-prices themselves; the generator's entry (with the exact package version) replaces theirs.
const sources = facts.sources.filter(s => s.id !== "genai-prices").map(s => pick(s, ["id", "title", "url", "retrieved", "notes"]));
sources.push({
  id: "genai-prices",
  title: `@pydantic/genai-prices ${genaiVersion}, provider "aws" (AWS Bedrock)`,
  url: "https://www.npmjs.com/package/@pydantic/genai-prices",
  retrieved: facts.generated,
  notes: "global.<id> entries price global. profiles; regional.<id> entries price in-region calls and geographic profiles; "
    + "bare <id> entries price in-region calls. Only exact model IDs are used, never its substring matches.",
});
sources.sort((a, b) => cmp(a.id, b.id));

const seen = new Set();
const models = [...facts.models].sort((a, b) => cmp(a.id, b.id)).map(m => {
  if (seen.has(m.id)) throw new Error(`duplicate model id ${m.id}`);
  seen.add(m.id);
  return model(m);
});

const catalogue = {
  generated: facts.generated,
  generator: "scripts/catalogue/generate.mjs",
  sources,
  models,
};
writeFileSync(outPath, JSON.stringify(catalogue, null, 2) + "\n");

function model(m) {
  const types = [...new Set(m.types)].filter(t => TYPES.includes(t)).sort((a, b) => TYPES.indexOf(a) - TYPES.indexOf(b));
  if (types.length === 0) throw new Error(`${m.id}: no known type in ${JSON.stringify(m.types)}`);
  const caps = m.capabilities ?? {};
  const chat = types.includes("chat");
  const notes = m.notes ? [m.notes] : [];
  const promptCaching = chat && caps.prompt_caching ? caching(caps.prompt_caching, notes) : null;
  const { prices, priceNotes, usedGenai } = mergePrices(m);
  notes.push(...priceNotes);
  const source = [...new Set([...(m.source ?? []), ...prices.map(p => p.source), ...(usedGenai ? ["genai-prices"] : [])])].sort(cmp);
  return {
    id: m.id,
    name: m.name ?? m.id,
    provider: m.provider ?? "",
    types,
    legacy: m.legacy === true,
    invoke: chat ? "converse" : invokeFamily(m.id),
    context_window: m.context_window ?? null,
    max_output: m.max_output ?? null,
    capabilities: {
      tools: chat && caps.tools === true,
      streaming: chat && caps.streaming !== false,
      streaming_tools: chat && caps.streaming_tools === true,
      vision: chat && caps.vision === true,
      documents: chat && caps.documents === true,
      reasoning: chat ? (caps.reasoning ?? "none") : "none",
      // Anthropic's tool_choice.disable_parallel_tool_use is how parallel_tool_calls:false is honoured; only Claude has it.
      disable_parallel_tool_use: chat && caps.tools === true && m.id.startsWith("anthropic."),
      prompt_caching: promptCaching,
      // Claude's native Messages body through InvokeModel: the anthropic_beta values Bedrock accepts for the model
      // (any other makes Bedrock answer 400 "invalid beta flag") and whether CountTokens serves it.
      anthropic_messages: chat && m.id.startsWith("anthropic.") ? anthropicMessages(m.id, caps.anthropic_messages) : null,
    },
    on_demand_regions: regions(m.id, m.on_demand_regions),
    profiles: (m.profiles ?? []).map(p => ({
      prefix: p.prefix,
      source_regions: regions(m.id, p.source_regions),
      destination_regions: regions(m.id, p.destination_regions),
    })).sort((a, b) => cmp(a.prefix, b.prefix)),
    profile_only_regions: regions(m.id, m.profile_only_regions),
    prices,
    price_unknown: prices.length === 0,
    source,
    notes: notes.join(" "),
  };
}

// A model that caches but whose limits the facts do not give gets Converse's limit of 4 checkpoints per request
// and no minimum (Bedrock itself refuses a checkpoint below the model's minimum), and the notes say so.
function caching(pc, notes) {
  if (pc.max_checkpoints == null) notes.push("Prompt caching: the facts give no checkpoint limit; Converse's 4 per request is assumed.");
  return { min_tokens: pc.min_tokens ?? 0, max_checkpoints: pc.max_checkpoints ?? 4, ttl_1h: pc.ttl_1h === true };
}

function anthropicMessages(id, am) {
  const betas = [...new Set(am?.betas ?? [])].sort(cmp);
  for (const b of betas) if (!/^[a-z0-9-]+-\d{4}-\d{2}-\d{2}$/.test(b)) throw new Error(`${id}: malformed beta ${b}`);
  return { betas, count_tokens: am?.count_tokens === true };
}

// Facts first; genai-prices adds scopes and figures the facts lack, and loses wherever both have a figure.
function mergePrices(m) {
  const byScope = new Map();
  for (const p of m.prices ?? []) {
    const entry = normalizePrice(p);
    byScope.set(entry.scope, entry);
  }

  const priceNotes = [];
  let usedGenai = false;
  const fromGenai = genai.get(m.id) ?? new Map();
  for (const [scope, figures] of [...fromGenai.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const entry = byScope.get(scope);
    if (!entry) {
      byScope.set(scope, { scope, ...figures.figures, ...(figures.long_context ? { long_context: figures.long_context } : {}), source: "genai-prices" });
      usedGenai = true;
      continue;
    }

    if (figures.long_context && !entry.long_context) {
      entry.long_context = figures.long_context;
      entry.figure_sources = { ...(entry.figure_sources ?? {}), long_context: "genai-prices" };
      usedGenai = true;
    }

    for (const field of TOKEN_FIELDS) {
      const theirs = figures.figures[field];
      if (theirs === undefined) continue;
      const ours = entry[field];
      if (ours === undefined) {
        entry[field] = theirs;
        entry.figure_sources = { ...(entry.figure_sources ?? {}), [field]: "genai-prices" };
        usedGenai = true;
      } else if (!same(ours, theirs)) {
        priceNotes.push(`${scope} ${field}: AWS facts say ${ours}, genai-prices says ${theirs}; the AWS figure (${entry.source}) was chosen because it is read from AWS's own price list.`);
      }
    }
  }

  const prices = [...byScope.values()].map(sortKeys).sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope) || cmp(a.scope, b.scope));
  return { prices, priceNotes, usedGenai };
}

function normalizePrice(p) {
  if (!p.scope) throw new Error("price without scope");
  const out = { scope: p.scope };
  for (const f of TOKEN_FIELDS) if (typeof p[f] === "number") out[f] = p[f];
  if (p.long_context) {
    const lc = { above_input_tokens: p.long_context.above_input_tokens };
    for (const f of TOKEN_FIELDS) if (typeof p.long_context[f] === "number") lc[f] = p.long_context[f];
    out.long_context = lc;
  }
  if (Array.isArray(p.per_image) && p.per_image.length > 0) {
    out.per_image = p.per_image.map(i => ({ size: i.size, quality: i.quality ?? "standard", usd: i.usd }))
      .sort((a, b) => cmp(a.quality, b.quality) || cmp(a.size, b.size));
  }
  if (typeof p.per_1k_queries === "number") out.per_1k_queries = p.per_1k_queries;
  if (p.tiers) out.tiers = sortKeys(p.tiers);
  out.source = p.source ?? "aws-pricing";
  return out;
}

// genai-prices' Bedrock models by foundation model ID: scope -> { figures, long_context }.
function genaiBedrock(date) {
  const provider = findProvider({ providerId: "aws" });
  if (!provider) throw new Error("genai-prices has no aws provider");
  const result = new Map();
  for (const gm of provider.models) {
    let id = gm.id, scopes = ["in-region"];
    if (id.startsWith("global.")) { id = id.slice(7); scopes = ["global"]; }
    else if (id.startsWith("regional.")) { id = id.slice(9); scopes = ["in-region", "geo"]; }
    const prices = current(gm.prices, date);
    if (!prices) continue;
    const figures = {};
    let long;
    for (const [key, field] of Object.entries(GENAI_FIELDS)) {
      const v = prices[key];
      if (typeof v === "number") figures[field] = v;
      else if (v && typeof v.base === "number") {
        figures[field] = v.base;
        // genai-prices' tier starts at the first token above the threshold; the whole request moves to the tier.
        if (v.tiers?.length === 1) {
          long ??= { above_input_tokens: v.tiers[0].start };
          long[field] = v.tiers[0].price;
        }
      }
    }
    if (Object.keys(figures).length === 0) continue;
    const byScope = result.get(id) ?? new Map();
    for (const s of scopes) byScope.set(s, { figures, long_context: long });
    result.set(id, byScope);
  }
  return result;
}

// A price list may change over time; take the entry in force on the facts' date.
function current(prices, date) {
  if (!Array.isArray(prices)) return prices;
  let chosen = null;
  for (const p of prices) {
    const start = p.constraint?.start_date;
    if (!start || start <= date) chosen = p.prices;
  }
  return chosen;
}

function invokeFamily(id) {
  if (id.startsWith("amazon.titan-embed-text-v1")) return "titan-embed-v1";
  if (id.startsWith("amazon.titan-embed-text-v2")) return "titan-embed-v2";
  if (/^cohere\.embed-(english|multilingual)-v3/.test(id)) return "cohere-embed-v3";
  if (id.startsWith("amazon.titan-image-generator") || id.startsWith("amazon.nova-canvas")) return "amazon-image";
  if (id.startsWith("stability.")) return "stability-image";
  return "unsupported";
}

function regions(id, list) {
  const out = [...new Set(list ?? [])].sort(cmp);
  for (const r of out) if (!REGION.test(r)) throw new Error(`${id}: invalid region ${r}`);
  return out;
}

function sortKeys(o) {
  const order = ["scope", ...TOKEN_FIELDS, "long_context", "per_image", "per_1k_queries", "tiers", "source", "figure_sources"];
  const keys = Object.keys(o).sort((a, b) => rank(a) - rank(b) || cmp(a, b));
  return Object.fromEntries(keys.map(k => [k, o[k] && typeof o[k] === "object" && !Array.isArray(o[k]) ? sortKeys(o[k]) : o[k]]));
  function rank(k) { const i = order.indexOf(k); return i < 0 ? order.length : i; }
}

function scopeRank(scope) {
  const i = SCOPE_ORDER.indexOf(scope.split(":")[0]);
  return i < 0 ? SCOPE_ORDER.length : i;
}

function same(a, b) { return Math.abs(a - b) < 1e-12; }
function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
function pick(o, keys) { return Object.fromEntries(keys.filter(k => o[k] !== undefined).map(k => [k, o[k]])); }

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === "--facts") out.facts = argv[i + 1];
    else if (argv[i] === "--out") out.out = argv[i + 1];
    else throw new Error(`unknown argument ${argv[i]}; usage: node generate.mjs [--facts FILE] [--out FILE]`);
  }
  return out;
}

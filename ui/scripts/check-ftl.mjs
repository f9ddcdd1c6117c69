// Fails when the UI asks for a Fluent id that a language lacks (ui.ftl + borderdesk.ftl).
// Literal ids come from t("...") calls in src/; ids built at run time are listed below.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FluentResource } from "@fluent/bundle";

const root = new URL("../", import.meta.url).pathname;
const i18n = join(root, "../crates/i18n/i18n");
const LANGS = ["zh-CN", "zh-TW", "en"];

// Life-event labels are built from the generated LifeEvent type (life-event-new-baby).
const lifeEvents = [
  ...readFileSync(join(root, "src/lib/bindings/LifeEvent.ts"), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .matchAll(/"([a-z_]+)"/g),
].map((m) => `life-event-${m[1].replace(/_/g, "-")}`);

const dynamic = [
  ...lifeEvents,
  ...["medical_insurance", "social_security", "household", "housing_fund", "marriage_birth", "business", "transport"].map((c) => `category-${c}`),
  ...["fully-online", "collected-and-forwarded", "multi-office"].map((m) => `mode-${m}`),
  ...["zhejiang", "fujian"].map((s) => `side-${s}`),
  ...["submitted", "accepted", "forwarded", "in-progress", "completed", "refused"].map((s) => `status-${s}`),
  ...["name", "id-number", "phone", "address", "generic"].map((q) => `question-${q}`),
  "ui-error-unexpected",
];

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const used = new Set(dynamic);
for (const f of files(join(root, "src"))) {
  if (!/\.(ts|svelte)$/.test(f) || f.includes("/bindings/") || f.endsWith("dev-fake.ts")) continue;
  for (const m of readFileSync(f, "utf8").matchAll(/\bt\(\s*"([a-z][a-z0-9_-]*)"/g)) used.add(m[1]);
}

let failed = false;
for (const lang of LANGS) {
  const ids = new Set();
  for (const file of ["ui.ftl", "borderdesk.ftl"]) {
    const res = new FluentResource(readFileSync(join(i18n, lang, file), "utf8"));
    for (const m of res.body) ids.add(m.id);
  }
  const missing = [...used].filter((id) => !ids.has(id)).sort();
  if (missing.length) {
    failed = true;
    console.error(`${lang} lacks: ${missing.join(", ")}`);
  }
}
if (failed) process.exit(1);
console.log(`Fluent ids used by the UI: ${used.size}, present in ${LANGS.join(", ")}`);

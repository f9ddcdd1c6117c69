// Fails when the app's UI or the county console asks for a Fluent id that a language lacks
// (the app: ui.ftl + borderdesk.ftl; the console: every file, as the server serves them all).
// Literal ids come from t("...") calls; ids built at run time are listed below.
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

// The values of a generated string-union type, as Fluent id suffixes (out_of_paper: out-of-paper).
function unionIds(binding, prefix) {
  return [
    ...readFileSync(join(root, `src/lib/bindings/${binding}.ts`), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "")
      .matchAll(/"([a-z_]+)"/g),
  ].map((m) => `${prefix}${m[1].replace(/_/g, "-")}`);
}

const consoleDynamic = [
  ...unionIds("ConsoleSection", "console-section-"),
  ...unionIds("Attention", "console-attention-"),
  ...unionIds("DeviceMode", "console-mode-"),
  ...unionIds("PrinterState", "console-printer-"),
  ...unionIds("Role", "role-"),
  ...unionIds("SmsKind", "notary-sms-kind-"),
  ...unionIds("SmsStatus", "notary-sms-status-"),
  ...unionIds("LegalAidStatus", "legal-aid-progress-"),
  ...unionIds("LegalAidKind", "console-la-kind-"),
  ...[
    "consultations_answered", "applications_received", "accepted", "approved", "refused",
    "assigned", "assigned_same_day",
  ].map((c) => `legal-aid-figures-${c.replace(/_/g, "-")}`),
  "error-internal",
  "error-staff-session-expired",
];

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function usedIds(dir, extra) {
  const used = new Set(extra);
  for (const f of files(dir)) {
    if (!/\.(ts|svelte)$/.test(f) || f.includes("/bindings/") || f.endsWith("dev-fake.ts")) continue;
    for (const m of readFileSync(f, "utf8").matchAll(/\bt\(\s*"([a-z][a-z0-9_-]*)"/g)) used.add(m[1]);
  }
  return used;
}

let failed = false;
function check(name, used, ftlFiles) {
  for (const lang of LANGS) {
    const ids = new Set();
    for (const file of ftlFiles) {
      const res = new FluentResource(readFileSync(join(i18n, lang, file), "utf8"));
      for (const m of res.body) ids.add(m.id);
    }
    const missing = [...used].filter((id) => !ids.has(id)).sort();
    if (missing.length) {
      failed = true;
      console.error(`${name}: ${lang} lacks: ${missing.join(", ")}`);
    }
  }
  console.log(`Fluent ids used by ${name}: ${used.size}, checked in ${LANGS.join(", ")}`);
}

check("the app's UI", usedIds(join(root, "src"), dynamic), ["ui.ftl", "borderdesk.ftl"]);
check(
  "the county console",
  usedIds(join(root, "console/src"), consoleDynamic),
  readdirSync(join(i18n, "zh-CN")).filter((f) => f.endsWith(".ftl")),
);
// One name for one thing in 繁體中文: a citizen who taps 法律援助 must land on 法律援助, not
// on 法律扶助. The terms are the mainland's official names written in traditional script, as
// the reference data writes them; each pair is (the word to use, variants that must not appear).
const ZH_TW_TERMS = [
  ["法律援助", ["法律扶助"]],
  ["遠程", ["遠端"]],
  ["視訊", ["視頻"]],
  ["身份證", ["身分證"]],
];
const zhTwTexts = [
  ...readdirSync(join(i18n, "zh-TW")).map((f) => [join("zh-TW", f), readFileSync(join(i18n, "zh-TW", f), "utf8")]),
  ...readdirSync(join(root, "../crates/local/data"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const text = readFileSync(join(root, "../crates/local/data", f), "utf8");
      // Only the zh-TW strings of the bundled reference data.
      return [f, [...text.matchAll(/"zh-TW":\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join("\n")];
    }),
];
for (const [use, avoid] of ZH_TW_TERMS) {
  for (const [file, text] of zhTwTexts) {
    for (const word of avoid) {
      if (text.includes(word)) {
        failed = true;
        console.error(`zh-TW ${file}: "${word}" where the app says "${use}"`);
      }
    }
  }
}
console.log(`zh-TW terms checked: ${ZH_TW_TERMS.map(([u]) => u).join(" ")}`);

if (failed) process.exit(1);

// Every visible string goes through `t`. The Fluent source comes from Rust (ui.ftl +
// borderdesk.ftl for the language), so the UI and Rust's errors share one set of translations.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import * as api from "./api";
import type { Language, LocalizedText, UiError } from "./types";

export const LANGUAGES: readonly Language[] = ["zh-CN", "zh-TW", "en"];
/** Language names, each written in its own language (the only strings not from Fluent). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  "zh-CN": "简体中文",
  "zh-TW": "繁體中文",
  en: "English",
};
const FALLBACK: Language = "zh-CN";

function buildBundle(language: Language, source: string): FluentBundle {
  const bundle = new FluentBundle(language, { useIsolating: false });
  const errors = bundle.addResource(new FluentResource(source));
  for (const e of errors) console.error(`Fluent (${language}):`, e);
  return bundle;
}

const state = $state({ language: FALLBACK as Language, ready: false });
let bundle = $state.raw<FluentBundle | null>(null);
let fallbackBundle: FluentBundle | null = null;

/** The current language. Reactive. */
export function currentLanguage(): Language {
  return state.language;
}

export function isReady(): boolean {
  return state.ready;
}

/** Makes `source` the messages of `language`; `fallbackSource` makes the zh-CN bundle when
 *  there is none yet. */
function use(language: Language, source: string, fallbackSource?: string | null): void {
  if (!fallbackBundle && language !== FALLBACK && fallbackSource) {
    fallbackBundle = buildBundle(FALLBACK, fallbackSource);
  }
  const b = buildBundle(language, source);
  if (language === FALLBACK) fallbackBundle = b;
  bundle = b;
  state.language = language;
  state.ready = true;
  document.documentElement.lang = language;
}

async function load(language: Language): Promise<void> {
  const source = await api.uiMessages(language);
  const fallbackSource =
    !fallbackBundle && language !== FALLBACK ? await api.uiMessages(FALLBACK) : null;
  use(language, source, fallbackSource);
}

/** Loads the messages of the language the app was left in. */
export async function initI18n(language: Language): Promise<void> {
  await load(LANGUAGES.includes(language) ? language : FALLBACK);
}

/** Starts with the messages Rust handed the page before it loaded (lib/boot.ts): at once, so
 *  the first screen renders with no command round trip. False (nothing done) for a language
 *  this UI does not know. */
export function initI18nWith(language: Language, source: string, fallbackSource: string | null): boolean {
  if (!LANGUAGES.includes(language)) return false;
  use(language, source, fallbackSource);
  return true;
}

/** Switches the language here and on the Rust side (whose errors then come in it too). */
export async function switchLanguage(language: Language): Promise<void> {
  if (language === state.language && state.ready) return;
  await api.setLanguage(language);
  await load(language);
}

function format(b: FluentBundle | null, id: string, args?: Record<string, FluentVariable>) {
  const msg = b?.getMessage(id);
  if (!b || !msg?.value) return null;
  const errors: Error[] = [];
  const text = b.formatPattern(msg.value, args, errors);
  for (const e of errors) console.warn(`Fluent ${id}:`, e);
  return text;
}

/** The message `id` in the current language (zh-CN when it is missing there). Reactive. */
export function t(id: string, args?: Record<string, FluentVariable>): string {
  const text = format(bundle, id, args) ?? format(fallbackBundle, id, args);
  if (text === null) {
    if (bundle) console.warn(`missing Fluent message: ${id}`);
    return "";
  }
  return text;
}

/** Reference-data text in the current language, falling back to zh-CN. Reactive. */
export function loc(text: LocalizedText | null | undefined): string {
  if (!text) return "";
  const lang = state.language;
  const picked = lang === "zh-CN" ? undefined : text[lang];
  return picked || text["zh-CN"];
}

/** What to show for a failed command: Rust's localized message, else ours for its code. */
export function errorText(e: UiError): string {
  return e.message || t(e.code) || t(api.UNEXPECTED_ERROR);
}

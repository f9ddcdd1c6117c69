// Every visible string of the console goes through `t`. The Fluent files are the app's own
// (served by the server from the same embedded copy), so error codes read the same everywhere.
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import * as api from "./api";

export type Language = "zh-CN" | "zh-TW" | "en";
export const LANGUAGES: readonly Language[] = ["zh-CN", "zh-TW", "en"];
/** Language names, each in its own language (the only strings not from Fluent). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  "zh-CN": "简体中文",
  "zh-TW": "繁體中文",
  en: "English",
};
const KEY = "borderdesk-console-language";

const state = $state({ language: "zh-CN" as Language, ready: false });
let bundle = $state.raw<FluentBundle | null>(null);

export function currentLanguage(): Language {
  return state.language;
}

export function isReady(): boolean {
  return state.ready;
}

export async function setLanguage(language: Language): Promise<void> {
  const source = await api.messages(language);
  const b = new FluentBundle(language, { useIsolating: false });
  for (const e of b.addResource(new FluentResource(source))) console.error(e);
  bundle = b;
  state.language = language;
  state.ready = true;
  document.documentElement.lang = language;
  document.title = t("console-title");
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // storage refused: the choice lasts this visit
  }
}

export async function initI18n(): Promise<void> {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    saved = null;
  }
  const wanted = LANGUAGES.find((l) => l === saved) ?? "zh-CN";
  await setLanguage(wanted);
}

/** Whether a message exists (codes from the server that may be new to this page). */
export function has(id: string): boolean {
  return bundle?.hasMessage(id) ?? false;
}

export function t(id: string, args?: Record<string, FluentVariable>): string {
  const message = bundle?.getMessage(id);
  if (!bundle || !message?.value) return id;
  return bundle.formatPattern(message.value, args);
}

/** A refusal's message: its code when we know it, else the generic one. */
export function errorText(e: unknown): string {
  const code = (e as { code?: string })?.code;
  const args = (e as { args?: Record<string, FluentVariable> })?.args;
  if (code && has(code)) return t(code, args);
  return t("error-internal");
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString(state.language, { hour12: false });
}

/** `YYYY-MM-DD` of an instant in the county's calendar (Asia/Shanghai). */
export function shanghaiDate(at: Date | string = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(at));
}

/** `HH:MM` of an instant in Asia/Shanghai. */
export function shanghaiClock(at: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit" }).format(new Date(at));
}

/** A day written for this language, with its weekday (12月7日 周一). */
export function formatDay(day: string): string {
  return new Date(`${day}T12:00:00+08:00`).toLocaleDateString(state.language, {
    timeZone: "Asia/Shanghai",
    month: "long",
    day: "numeric",
    weekday: "short",
  });
}

/** Reference data's text in this language (zh-CN when it has none). */
export function localized(text: { "zh-CN": string; "zh-TW"?: string; en?: string }): string {
  const lang = state.language;
  return (lang === "zh-CN" ? text["zh-CN"] : text[lang]) ?? text["zh-CN"];
}

// What the Rust side hands the page before it loads (src-tauri/src/lib.rs, `boot_script`): the
// app info and the Fluent source of the device's language, so the first screen renders at once,
// with no command round trip. Missing in `npm run dev` in a plain browser (the app then asks
// over the usual commands).
import type { AppInfo } from "./types";

export interface Boot {
  info: AppInfo;
  /** The Fluent source of `info.language`. */
  messages: string;
  /** The Fluent source of zh-CN (the fallback) when `info.language` is another language. */
  fallback_messages: string | null;
}

declare global {
  interface Window {
    __BORDERDESK_BOOT__?: Boot;
  }
}

/** The data the window was opened with, if any. */
export function boot(): Boot | null {
  return (typeof window !== "undefined" && window.__BORDERDESK_BOOT__) || null;
}

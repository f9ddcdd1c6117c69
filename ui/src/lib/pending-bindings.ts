// The shell's IPC types that ts-rs does not generate yet. When UiError.ts and AppInfo.ts
// appear in ./bindings/, replace each declaration here with a re-export; nothing else changes.
import type { Language } from "./bindings/Language";

export type { SyncStatus } from "./bindings/SyncStatus";
export type { TrackedApplication } from "./bindings/TrackedApplication";

/** An error from a command. `message` is already in the user's language. */
export type UiError = { code: string; message: string; question_id: string | null };

export type AppInfo = {
  language: Language;
  version: string;
  device_code: number;
  provisional: boolean;
  site_id: string | null;
  database_path: string;
};

// The shell's own IPC types, declared by hand until ts-rs generates them into ./bindings/
// (UiError.ts, SyncStatus.ts, AppInfo.ts, TrackedApplication.ts). When those files appear,
// replace this module's body with re-exports from ./bindings and nothing else changes.
import type { Language } from "./bindings/Language";
import type { Receipt } from "./bindings/Receipt";
import type { StatusChange } from "./bindings/StatusChange";

/** An error from a command. `message` is already in the user's language. */
export type UiError = { code: string; message: string; question_id: string | null };

export type SyncStatus = {
  enrolled: boolean;
  online: boolean;
  /** RFC 3339 */
  last_synced_at: string | null;
  waiting: number;
  rejected: number;
  last_error_code: string | null;
};

export type AppInfo = {
  language: Language;
  version: string;
  device_code: number;
  provisional: boolean;
  site_id: string | null;
  database_path: string;
};

export type TrackedApplication = { receipt: Receipt; history: StatusChange[] };

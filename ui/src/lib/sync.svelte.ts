// The device's sync state for the footer: read once, then kept fresh by "sync-status" events.
import * as api from "./api";
import type { SyncStatus } from "./types";

export const sync = $state<{ status: SyncStatus | null }>({ status: null });

let started = false;

export async function startSyncWatch(): Promise<void> {
  if (started) return;
  started = true;
  await api.onSyncStatus((s) => {
    sync.status = s;
  });
  try {
    const s = await api.syncStatus();
    sync.status = s;
  } catch (e) {
    console.error("sync_status failed", e);
  }
}

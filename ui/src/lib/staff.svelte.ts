// The member of staff logged in on this device (clerk desk), as Rust reports it. The session
// itself (and its server token) lives in Rust; this is only what the screens show.
import * as api from "./api";
import type { StaffSession } from "./types";
import { assist } from "./assist.svelte";

export const staff = $state<{ session: StaffSession | null }>({ session: null });

/** Logs the member of staff out (the idle timeout does too: a desk left alone locks). */
export async function logoutStaff(): Promise<void> {
  if (!staff.session) return;
  staff.session = null;
  assist.by = null;
  await api.staffLogout().catch((e) => console.error("staff logout", e));
}

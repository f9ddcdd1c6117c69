// The member of staff logged in on this device (clerk desk), as Rust reports it. The session
// itself (and its server token) lives in Rust; this is only what the screens show.
import * as api from "./api";
import type { Permission, StaffSession } from "./types";
import { assist } from "./assist.svelte";

export const staff = $state<{ session: StaffSession | null }>({ session: null });

/** Whether the person logged in may do `permission`: Rust's table (core::staff::permissions)
 *  as the session carries it; each command checks again. */
export function may(permission: Permission): boolean {
  return staff.session?.permissions.includes(permission) ?? false;
}

/** Logs the member of staff out (the idle timeout does too: a desk left alone locks). */
export async function logoutStaff(): Promise<void> {
  if (!staff.session) return;
  staff.session = null;
  assist.by = null;
  await api.staffLogout().catch((e) => console.error("staff logout", e));
}

/** The screens of staff work; every other screen but home is a citizen's. */
const STAFF_SCREENS: ReadonlySet<string> = new Set(["staff-login", "clerk", "notary-desk", "legal-desk"]);

/** Tells Rust where the person is now: on a kiosk the home screen and any citizen screen end
 *  the staff session (Rust's rule); the screens then show whoever Rust says is still logged in. */
export async function screenShown(screen: string): Promise<void> {
  if (STAFF_SCREENS.has(screen)) return;
  try {
    const still = await (screen === "home" ? api.homeShown() : api.citizenFlowStarted());
    if (!still) {
      staff.session = null;
      assist.by = null;
    }
  } catch (e) {
    console.error("screen shown", e);
  }
}

let lastReport = -Infinity;

/** Someone touched the screen: said to Rust at most every 5 s (ACTIVITY_REPORT_SECONDS), so a
 *  kiosk does not end the session of a member of staff who is working. */
export function reportActivity(now: number): void {
  if (now - lastReport < 5000) return;
  lastReport = now;
  api.staffActivity().catch((e) => console.error("staff activity", e));
}

// Kiosk-wide helpers that are not part of the citizen's answers: elder mode (长辈模式) and
// calling a member of staff. Elder mode is a class on <html> that switches the CSS variables
// in app.css; it lasts for one person only (reset by an idle wipe, and by a quiet spell on the
// home screen, both in IdleGuard). Nothing here is saved.

import * as api from "./api";

/** How long the call-staff button stays off after a call, so it cannot be pressed again and again. */
export const CALL_STAFF_COOLDOWN_SECONDS = 60;

export const kiosk = $state<{
  elder: boolean;
  staffCalledAt: number | null;
  staffSecondsLeft: number;
  /** The last language switch failed: shown (and announced) at the top of the page. */
  languageError: boolean;
  /** A document scanner is connected (from app_info). */
  scannerAvailable: boolean;
  /** The last call for staff reached the clerk desks (through the server). */
  staffReached: boolean;
}>({
  staffReached: false,
  scannerAvailable: false,
  elder: false,
  staffCalledAt: null,
  staffSecondsLeft: 0,
  languageError: false,
});

function applyElder(on: boolean): void {
  kiosk.elder = on;
  document.documentElement.classList.toggle("elder", on);
}

export function toggleElder(): void {
  applyElder(!kiosk.elder);
}

/** Back to the standard look, for the next person. */
export function resetElder(): void {
  if (kiosk.elder) applyElder(false);
}

let timer: ReturnType<typeof setInterval> | undefined;

function tickStaff(): void {
  if (kiosk.staffCalledAt === null) return;
  const left = CALL_STAFF_COOLDOWN_SECONDS - Math.floor((Date.now() - kiosk.staffCalledAt) / 1000);
  if (left <= 0) {
    kiosk.staffCalledAt = null;
    kiosk.staffSecondsLeft = 0;
    clearInterval(timer);
    timer = undefined;
  } else {
    kiosk.staffSecondsLeft = left;
  }
}

/** Calls staff: the call reaches the clerk desks of the site through the server when it
 *  answers, and is confirmed on this screen either way. Returns false (and does nothing) while
 *  the last call is still fresh. */
export function callStaff(): boolean {
  if (kiosk.staffCalledAt !== null) return false;
  kiosk.staffCalledAt = Date.now();
  kiosk.staffSecondsLeft = CALL_STAFF_COOLDOWN_SECONDS;
  kiosk.staffReached = false;
  timer = setInterval(tickStaff, 500);
  api
    .callStaff()
    .then((reached) => (kiosk.staffReached = reached))
    .catch((e) => console.error("call staff", e));
  return true;
}

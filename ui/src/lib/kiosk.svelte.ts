// Kiosk-wide helpers that are not part of the citizen's answers: the look a person chose
// (elder mode, language) and calling a member of staff. Elder mode is a class on <html> that
// switches the CSS variables in app.css. Both last for one person only: an idle wipe and a
// quiet spell on the home screen (IdleGuard) bring back the device's own language and the
// standard look. Nothing here is saved.

import * as api from "./api";
import { currentLanguage, switchLanguage } from "./i18n.svelte";
import type { Language } from "./types";

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
  /** An ID card reader is connected (from app_info). */
  cardReaderAvailable: boolean;
  /** Seconds the rating is offered after a finished transaction (from app_info). */
  ratingSeconds: number;
  /** The last call for staff reached the clerk desks (through the server or the LAN); null
   *  while it is still on its way. */
  staffReached: boolean | null;
  /** The device's own language (app_info), which every new person starts in. */
  homeLanguage: Language;
}>({
  staffReached: null,
  homeLanguage: "zh-CN",
  scannerAvailable: false,
  cardReaderAvailable: false,
  ratingSeconds: 90,
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

/** Back to the standard look and the device's language, for the next person. */
export function resetForNextPerson(): void {
  if (kiosk.elder) applyElder(false);
  if (currentLanguage() !== kiosk.homeLanguage) {
    switchLanguage(kiosk.homeLanguage).catch((e) => console.error("could not go back to the home language", e));
  }
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

/** Calls staff: the call goes to the clerk desks of the site through the server, else over
 *  the hall's LAN; the screen says whether a desk got it (never "notified" when none did). Returns false (and does nothing) while
 *  the last call is still fresh. */
export function callStaff(): boolean {
  if (kiosk.staffCalledAt !== null) return false;
  kiosk.staffCalledAt = Date.now();
  kiosk.staffSecondsLeft = CALL_STAFF_COOLDOWN_SECONDS;
  kiosk.staffReached = null;
  timer = setInterval(tickStaff, 500);
  api
    .callStaff()
    .then((reached) => (kiosk.staffReached = reached))
    .catch((e) => {
      console.error("call staff", e);
      kiosk.staffReached = false;
    });
  return true;
}

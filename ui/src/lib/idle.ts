// Kiosk idle timeout (WCAG 2.2.1): after a quiet spell on any screen but home, a warning with a
// countdown; when nobody answers it, the session is wiped and the home screen returns.

/** How long the warning stays up before the session is wiped, in seconds. */
export const IDLE_WARNING_SECONDS = 30;

/** Used when app_info could not be read (Rust's own default). */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 120;

/** Seconds of no activity before the warning: app_info's setting. Only `npm run dev` accepts
 *  `?idle=5` in the URL (for looking at the warning and for tests); a production build drops
 *  that branch and reads app_info only. */
export function idleTimeoutSeconds(fromAppInfo: number | null | undefined): number {
  if (import.meta.env.DEV) {
    const asked = Number(new URLSearchParams(location.search).get("idle") ?? "");
    if (Number.isFinite(asked) && asked > 0) return asked;
  }
  return typeof fromAppInfo === "number" && fromAppInfo > 0 ? fromAppInfo : DEFAULT_IDLE_TIMEOUT_SECONDS;
}

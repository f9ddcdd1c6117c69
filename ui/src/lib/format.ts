// Times are shown in Asia/Shanghai whatever the device's clock zone is.
const ZONE = "Asia/Shanghai";

function parts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** "10:42" in Shanghai time. */
export function shanghaiTime(iso: string): string {
  const p = parts(iso);
  return p ? `${p.hour}:${p.minute}` : "";
}

/** "2026-11-27" in Shanghai time. */
export function shanghaiDate(iso: string): string {
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day}` : "";
}

/** "2026-11-27 10:42" in Shanghai time. */
export function shanghaiDateTime(iso: string): string {
  const p = parts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : "";
}

/** Whether `iso` falls on today's date in Shanghai. */
export function isTodayInShanghai(iso: string, now: Date = new Date()): boolean {
  return shanghaiDate(iso) === shanghaiDate(now.toISOString());
}

/** "12.50" from 1250 fen. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** Snake-case enum value to the kebab-case used in Fluent ids: in_progress -> in-progress. */
export function kebab(value: string): string {
  return value.replace(/_/g, "-");
}

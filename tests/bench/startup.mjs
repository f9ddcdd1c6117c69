// Start-up to an interactive home screen, and idle memory (PSS of the app and its WebKit
// processes), for BorderDesk and for a bare Tauri window built the same way. Medians of RUNS.
// Needs tauri-driver on WEBDRIVER_URL under a display (run.sh sets that up).
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../e2e/webdriver.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const IDLE_MS = 3000;
const url = process.env.WEBDRIVER_URL;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function children(pid) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {}
  }
  return out;
}

function pidOf(binary) {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0')[0];
      if (cmd === binary) return Number(d);
    } catch {}
  }
  return null;
}

/** PSS in MB of a process and all its descendants. */
function pssTree(pid) {
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    try {
      const m = readFileSync(`/proc/${p}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
      if (m) kb += Number(m[1]);
    } catch {}
    stack.push(...children(p));
  }
  return kb / 1024;
}

async function measure(binary, readyCss, args) {
  const t0 = performance.now();
  const s = await Session.start(url, binary, args);
  await s.waitText(readyCss, (t) => t.length > 0, { timeout: 30000 });
  const ms = performance.now() - t0;
  await sleep(IDLE_MS);
  const pid = pidOf(binary);
  const mb = pid ? pssTree(pid) : NaN;
  await s.end();
  await sleep(500);
  return { ms, mb };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const app = process.env.BORDERDESK_APP;
const bare = process.env.BARE_APP;
const rows = { app: [], bare: [] };
// A kiosk starts on the database it used yesterday: one warm-up start creates it (and warms
// the page cache for both apps); the measured starts reuse it.
const db = join(mkdtempSync(join(tmpdir(), 'bd-bench-')), 'bench.sqlite');
await measure(bare, '#ready', []);
await measure(app, '[data-testid=home-title]', ['--db', db]);
for (let i = 0; i < RUNS; i++) {
  rows.bare.push(await measure(bare, '#ready', []));
  rows.app.push(await measure(app, '[data-testid=home-title]', ['--db', db]));
}
const f = (k) => ({ ms: median(rows[k].map((r) => r.ms)), mb: median(rows[k].map((r) => r.mb)) });
const a = f('app');
const b = f('bare');
console.log(`start-up to interactive home screen and idle PSS, median of ${RUNS} after a warm-up start (WebDriver session start to first screen):`);
console.log(`  bare Tauri window: ${b.ms.toFixed(0)} ms, ${b.mb.toFixed(0)} MB PSS   (reference)`);
console.log(`  BorderDesk:        ${a.ms.toFixed(0)} ms, ${a.mb.toFixed(0)} MB PSS   (${(a.ms / b.ms).toFixed(2)}x time, ${(a.mb / b.mb).toFixed(2)}x memory; target <= 1.2x)`);

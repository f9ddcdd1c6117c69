// Start-up to an interactive home screen, and idle memory (PSS of the app and its WebKit
// processes), for BorderDesk and for a bare Tauri window built the same way. Medians of RUNS
// interleaved runs (default 9).
// Needs tauri-driver on WEBDRIVER_URL under a display (run.sh sets that up).
import { readFileSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../e2e/webdriver.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
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

// "Interactive" is checked in the page, in one WebDriver round trip per poll: every element
// the selector names is there, shows its real (non-empty) text, is not disabled or inert, and
// is what a tap on its middle would reach (nothing such as a splash covers it).
const READY_JS = `
  const els = [...document.querySelectorAll(arguments[0])];
  if (els.length < arguments[1]) return false;
  return els.every((el) => {
    if (!el.innerText.trim() || el.disabled || el.closest('[inert]')) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 20), 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
  });`;

async function measure(binary, ready, args) {
  const t0 = performance.now();
  const s = await Session.start(url, binary, args);
  const until = Date.now() + 30000;
  for (;;) {
    const ok = await s.exec(READY_JS, [ready.css, ready.count]).catch(() => false);
    if (ok) break;
    if (Date.now() > until) throw new Error(`${binary}: ${ready.css} never became interactive`);
    await sleep(5);
  }
  const ms = performance.now() - t0;
  await sleep(IDLE_MS);
  const pid = pidOf(binary);
  const mb = pid ? pssTree(pid) : NaN;
  await s.end();
  await sleep(500);
  return { ms, mb };
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const app = process.env.BORDERDESK_APP;
const bare = process.env.BARE_APP;
// The bare page's one line; BorderDesk's home screen tiles (buttons), each with its text.
const BARE = { css: '#ready', count: 1 };
const HOME = { css: '[data-testid=home-title], button[data-testid^=tile-]', count: 6 };
const rows = { app: [], bare: [] };
// A kiosk starts on the database it used yesterday: one warm-up start of each creates it (and
// warms the page cache for both apps); the measured starts reuse it. The two alternate, and
// which goes first alternates too (bare, app, app, bare, ...), so a neighbour's compile
// weighs on both alike.
const db = join(mkdtempSync(join(tmpdir(), 'bd-bench-')), 'bench.sqlite');
const runBare = async () => rows.bare.push(await measure(bare, BARE, []));
const runApp = async () => rows.app.push(await measure(app, HOME, ['--db', db]));
await measure(bare, BARE, []);
await measure(app, HOME, ['--db', db]);
rows.bare.length = rows.app.length = 0;
for (let i = 0; i < RUNS; i++) {
  if (i % 2 === 0) {
    await runBare();
    await runApp();
  } else {
    await runApp();
    await runBare();
  }
}
const f = (k) => ({ ms: median(rows[k].map((r) => r.ms)), mb: median(rows[k].map((r) => r.mb)) });
const a = f('app');
const b = f('bare');
// The ratio of each interleaved pair too: less sensitive to a slow spell than two medians.
const pair = (k) => median(rows.app.map((r, i) => r[k] / rows.bare[i][k]));
const list = (k, u) => rows[k].map((r) => r[u].toFixed(0)).join(' ');
console.log(`start-up to interactive home screen and idle PSS, median of ${RUNS} interleaved runs after a warm-up start of each`);
console.log(`(WebDriver session start to the home screen's buttons showing their text and taking a tap; PSS after ${IDLE_MS / 1000} s idle):`);
console.log(`  bare Tauri window: ${b.ms.toFixed(0)} ms, ${b.mb.toFixed(0)} MB PSS   (reference)   ms: ${list('bare', 'ms')}  MB: ${list('bare', 'mb')}`);
console.log(`  BorderDesk:        ${a.ms.toFixed(0)} ms, ${a.mb.toFixed(0)} MB PSS   ms: ${list('app', 'ms')}  MB: ${list('app', 'mb')}`);
console.log(`  ratio of medians: ${(a.ms / b.ms).toFixed(2)}x time, ${(a.mb / b.mb).toFixed(2)}x memory; median of pair ratios: ${pair('ms').toFixed(2)}x time, ${pair('mb').toFixed(2)}x memory (target <= 1.2x)`);

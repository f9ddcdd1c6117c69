// The app starts WebKit as src-tauri's `webkit_environment` says: its web process draws pages
// without compositing (GPU-less devices) and runs JavaScriptCore without the optimising JIT.
// Checked on the real processes: the web process of this very window has them in its
// environment, and the page still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

let s;
let db;
before(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'webkit-env.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
});

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d));
const argv = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
};
const parent = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  } catch {
    return null;
  }
};
const environ = (pid) =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );

test('the window runs WebKit without compositing and without the optimising JIT', async () => {
  // This session's app (its --db is ours), then its web process.
  const app = pids().find((p) => argv(p)[0] === process.env.BORDERDESK_APP && argv(p).includes(db));
  assert.ok(app, 'the app process is found');
  const web = pids().find((p) => parent(p) === app && argv(p)[0].endsWith('WebKitWebProcess'));
  assert.ok(web, 'its WebKit web process is found');
  const env = environ(web);
  if (!['on', '1', 'true'].includes(process.env.BORDERDESK_COMPOSITING ?? '')) {
    assert.equal(env.WEBKIT_DISABLE_COMPOSITING_MODE, '1');
  }
  assert.equal(env.JSC_useDFGJIT, 'false');
  // And the page works drawn that way: a tile opens its screen.
  await s.click('[data-testid=tile-services]');
  await s.find('[data-testid=popular-list]');
});

// The installed app updating itself (tests/package/update.sh sets the scene): a kiosk of
// version N submits an application the server will not take until it runs N+2
// (min_app_version); a tampered N+1 is refused and N keeps serving with its work waiting; the
// signed N+2 is installed when the kiosk is back on its home screen, the app restarts as N+2
// and the work reaches the server, once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../e2e/webdriver.mjs';
import { applyForTemporaryId } from '../e2e/flows.mjs';
import { enroll, startServer } from '../e2e/online.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const work = process.env.UPDATE_WORK;
const [base, bad, next] = [process.env.UPDATE_BASE, process.env.UPDATE_BAD, process.env.UPDATE_NEXT];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const title = readFileSync(join(root, 'crates/i18n/i18n/zh-CN/ui.ftl'), 'utf8').match(/^home-title = (.*)$/m)[1].trim();
const installed = () => execFileSync('dpkg-query', ['-W', '-f=${Version}', 'borderdesk']).toString().trim();

let s;
let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await s?.end();
  srv?.server.stdin.end();
});

async function admin(path, init = {}) {
  const r = await fetch(`${srv.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${srv.adminToken}`, 'content-type': 'application/json' },
  });
  return r;
}

/** Publishes `file` as `version` and rolls it out to every device. */
async function release(file, version) {
  execFileSync(process.env.BORDERDESK_SERVER_BIN, [
    '--database-url', srv.databaseUrl, 'publish-release', join(work, file), '--version', version,
  ]);
  const r = await admin(`/v1/admin/releases/stable/linux-x86_64/${version}/rollout`, {
    method: 'POST', body: JSON.stringify({ devices: [], percent: 100 }),
  });
  assert.equal(r.status, 200, await r.text());
}

/** The device as the server's fleet list has it. */
async function device() {
  const r = await admin('/v1/admin/devices');
  assert.equal(r.status, 200);
  const { items } = await r.json();
  assert.equal(items.length, 1);
  return items[0];
}

async function until(what, check, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    const v = await check();
    if (v) return v;
    await sleep(500);
  }
  assert.fail(`${what} within ${seconds} s`);
}

test('a kiosk with waiting work refuses a tampered update, installs the signed one and then delivers', { timeout: 600000 }, async () => {
  assert.equal(installed(), base);
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-update-db-')), 'kiosk.sqlite');
  enroll(srv, db, 'hall-luoyang', 'kiosk 1');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.waitText('[data-testid=home-title]', (t) => t === title);
  await s.click('[data-testid=tile-services]');
  const tracking = (await applyForTemporaryId(s)).replaceAll(' ', '');
  await s.click('[data-testid=back-home]');
  await s.waitText('[data-testid=home-title]', (t) => t === title);

  // The server wants the next version first: the work waits on the kiosk, reported as such.
  const waiting = await until('a health report with the waiting work', async () => {
    const d = await device();
    return d.health?.outbox_waiting === 1 && d.health.last_error_code === 'error-app-version-old' && d;
  }, 60);
  assert.equal(waiting.health.app_version, base);
  assert.equal((await admin(`/v1/admin/applications/${tracking}`)).status, 404);
  // The kiosk says why its work waits.
  const updateNeeded = readFileSync(join(root, 'crates/i18n/i18n/zh-CN/ui.ftl'), 'utf8').match(/^sync-update-needed = (.*)$/m)[1].trim();
  await s.waitText('[data-testid=sync-update-needed]', (t) => t === updateNeeded, { timeout: 30000 });

  // A tampered release: refused before anything is installed; the kiosk serves on.
  await release('bad.deb', bad);
  await sleep(20000);
  assert.equal(installed(), base, 'the tampered package was installed');
  await s.click('[data-testid=tile-services]');
  await s.find('[data-testid=services-search]');
  await s.click('[data-testid=nav-home]');
  await s.waitText('[data-testid=home-title]', (t) => t === title);
  await s.screenshot(join(art, 'update-refused-home-zh-CN.png'));
  // The fleet list shows what was refused, still on N with its work waiting.
  const seen = await until('the refusal in a health report', async () => {
    const d = await device();
    return d.health?.update_refused === bad && d;
  }, 60);
  assert.equal(seen.health.app_version, base);
  assert.equal(seen.health.outbox_waiting, 1);

  // The signed next version: installed, the app restarts as it, and the work goes.
  await release('next.deb', next);
  await until(`dpkg has ${next}`, async () => installed() === next, 240);
  const delivered = await until('the application on the server', async () => {
    const r = await admin(`/v1/admin/applications/${tracking}`);
    return r.status === 200 && r.json();
  }, 120);
  assert.equal(delivered.tracking_number.replaceAll(' ', ''), tracking);
  const after = await until('a health report from the new version with nothing waiting', async () => {
    const d = await device();
    return d.health?.app_version === next && d.health.outbox_waiting === 0 && d;
  }, 120);
  assert.equal(after.health.set_aside, 0);
  assert.equal(after.health.update_refused, undefined, 'the new run has refused nothing');
});

// 登记本机 from the app: an installer at a new kiosk types the one-time code the county console
// made (or scans its QR code, whose text names the server) on the staff login screen; the
// device is enrolled without an admin token and starts syncing. A bare code without a known
// server, a wrong code and a second enrollment are each refused in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { fluent } from './fluent.mjs';
import { axe } from './a11y.mjs';
import { createStaff, startServer } from './online.mjs';
import { commandAnswer } from './flows.mjs';

const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const PASSWORD = 'long enough secret';

let s;
let server;
let online;
before(async () => {
  ({ server, ...online } = await startServer());
  await createStaff(online, {
    user_name: 'admin-li', display_name: '李管理员', role: 'admin', site_id: 'county', password: PASSWORD,
  });
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'enroll.sqlite');
  // A kiosk fresh from the box: not enrolled, no server address set (run.sh sets none).
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
  server?.stdin.end();
});

/** A one-time code made in the console, through its API as the page makes it. */
async function newCode(site, name) {
  const login = await fetch(`${online.url}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user_name: 'admin-li', password: PASSWORD }),
  });
  assert.ok(login.ok, `console login: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  const r = await fetch(`${online.url}/console/api/enrollment-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify({ site_id: site, name }),
  });
  assert.ok(r.ok, `new code: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

test('a new kiosk is enrolled from its screen with the console\'s code', async () => {
  const made = await newCode('taishun-siqian', '泗溪镇便民服务中心 自助机2');
  await s.click('[data-testid=staff-entry]');
  await s.find('[data-testid=enroll-code]');
  await s.find('[data-testid=staff-user]');
  // The bare code alone: this kiosk does not know its server yet.
  await s.type('[data-testid=enroll-code]', made.code);
  await s.click('[data-testid=enroll]');
  const missing = await s.text('[data-testid=enroll-error]');
  assert.ok(missing.includes(fluent('zh-CN', 'error-enroll-server-missing')), missing);
  // A mistyped code, with the server named: refused before anything is sent, in words.
  await s.type('[data-testid=enroll-code]', `borderdesk-enroll:AAAAA-AAAAA@${online.url}`);
  await s.click('[data-testid=enroll]');
  await s.waitText('[data-testid=enroll-error]', (t) => t.length > 0 && !t.includes(fluent('zh-CN', 'error-enroll-server-missing')));
  await s.screenshot(join(art, 'enroll-error-zh-CN.png'));
  assert.deepEqual(await axe(s), []);
  // The QR code's text, as a scanner types it.
  await s.type('[data-testid=enroll-code]', made.ticket);
  await s.click('[data-testid=enroll]');
  const done = await s.waitText('[data-testid=enrolled]', (t) => t.includes('taishun-siqian'));
  assert.ok(done.includes('taishun-siqian'), done);
  await s.screenshot(join(art, 'enroll-done-zh-CN.png'));
  // The footer says so, and the console's list has the code used up.
  await s.waitText('.status-line', (t) => t.length > 0 && !t.includes(fluent('zh-CN', 'sync-not-enrolled')), { timeout: 20000 });
  assert.equal(await s.exists('[data-testid=enroll-code]'), false, 'no second enrollment from the screen');
  assert.equal(await commandAnswer(s, 'enroll_device', { code: made.ticket }), 'error-device-already-enrolled');
});

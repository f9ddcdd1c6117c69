// A clerk's session does not outlive the clerk on a kiosk: a clerk logs in at the kiosk (offline,
// with the credential cached at their last online login), and once the kiosk is back on 首页 —
// by the clerk's own tap, or after nobody touched it — the desk needs a new login, and Rust
// itself refuses the desk's commands. 代办 is for a desk, not a kiosk. Real app window, --kiosk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { staffLogin } from './online.mjs';
import { commandAnswer } from './flows.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
}

// An argon2id hash of "correct horse battery", as an online login caches it (see clerk.test.mjs).
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$ZTJlLWNsZXJrLXNhbHQtMTY$ykwE6x+DK1CuOk+vxuBBThe0boEHa2UZLPJ3rRmC78M';

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'kiosk-staff.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db, '--kiosk']);
  await s.find('[data-testid=home-title]');
  execFileSync('sqlite3', [db, `INSERT INTO staff_credentials (user_name, staff_id, display_name, role, site_id, password_hash, issued_at)
    VALUES ('wang', '0190f2d2-0000-7000-8000-00000000000b', '王窗口', 'clerk', 'taishun-siqian', '${HASH}', '${new Date().toISOString()}');
    UPDATE device SET site_id = 'taishun-siqian';`]);
});
after(async () => {
  await s?.end();
});

const deskAnswer = (cmd = 'clerk_queue') => commandAnswer(s, cmd);

async function logIn() {
  await staffLogin(s, 'wang', 'correct horse battery');
  await s.waitText('[data-testid=clerk-who]', (t) => t.includes('王窗口'));
  assert.equal(await deskAnswer(), 'ok', 'the desk works while the clerk is at it');
}

/** The footer offers a login (not the desk), and it leads to the login form. */
async function assertDeskNeedsLogin() {
  const entry = await s.waitText('[data-testid=staff-entry]', (t) => t === fluent('zh-CN', 'staff-entry'));
  assert.equal(entry, fluent('zh-CN', 'staff-entry'));
  await s.click('[data-testid=staff-entry]');
  await s.find('[data-testid=staff-user]');
  assert.equal(await s.exists('[data-testid=clerk-who]'), false, 'no desk without a login');
}

test('a clerk who goes back to 首页 on a kiosk must log in again to open the desk', async () => {
  await logIn();
  // 代办 is done at a desk: refused here, in words.
  await s.click('[data-testid=clerk-assist]');
  const refused = await s.waitText('[data-testid=clerk-error]', (t) => t.length > 0);
  assert.ok(refused.includes(fluent('zh-CN', 'error-kiosk-no-assist')), refused);
  assert.equal(await s.exists('[data-testid=assist-banner]'), false);

  await s.click('[data-testid=nav-home]');
  await s.find('[data-testid=home-title]');
  await s.screenshot(join(art, 'kiosk-staff-home-zh-CN.png'));
  // Rust closed the desk, whatever the page shows.
  assert.equal(await deskAnswer(), 'error-staff-session-expired');
  assert.equal(await deskAnswer('clerk_sync'), 'error-staff-session-expired');
  await assertDeskNeedsLogin();
});

test('a clerk who leaves the kiosk alone on the desk is logged out by the idle timeout', async () => {
  await logIn();
  // 10 s idle (BORDERDESK_IDLE_TIMEOUT in run.sh), the 30 s warning, then home.
  await s.find('[data-testid=idle-warning]', { timeout: 20000 });
  await s.find('[data-testid=home-title]', { timeout: 45000 });
  const answer = await deskAnswer();
  assert.ok(['error-staff-session-expired', 'error-staff-login-required'].includes(answer), answer);
  await assertDeskNeedsLogin();
});

// The clerk desk at a kiosk without a network: a member of staff logs in offline (with the
// credential cached at their last online login), sees what this machine handled, reprints a
// receipt and is refused a sync without a server; the desk is keyboard-first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { applyForLegalAid, applyForTemporaryId } from './flows.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();

function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl', 'receipt.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
}

// What the server hands a device at an online login: an argon2id hash of the password
// ("correct horse battery"), made for this device. Cached here as the device would cache it.
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$ZTJlLWNsZXJrLXNhbHQtMTY$ykwE6x+DK1CuOk+vxuBBThe0boEHa2UZLPJ3rRmC78M';

let s;
let db;
before(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'clerk.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

async function applyOnce() {
  await s.click('[data-testid=tile-services]');
  const tn = await applyForTemporaryId(s);
  await s.click('[data-testid=back-home]');
  return tn;
}

const pdfText = (pdf) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

test('a clerk logs in offline, sees the queue, reprints a receipt', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  const tn = await applyOnce();
  const legalAid = await applyForLegalAid(s);

  // No server here, and wang never logged in on this device: not "wrong password", but
  // "the first login needs the network".
  await s.click('[data-testid=staff-entry]');
  await s.type('[data-testid=staff-user]', 'wang');
  await s.type('[data-testid=staff-password]', 'correct horse battery');
  await s.click('[data-testid=staff-login]');
  const first = await s.waitText('[data-testid=login-error]', (t) => t.length > 0);
  assert.ok(first.includes(fluent('zh-CN', 'error-offline-first-login')), first);
  assert.ok(!first.includes(fluent('zh-CN', 'error-login-failed')), first);

  // As an online login through a device of the clerk's site would have left it.
  execFileSync('sqlite3', [db, `INSERT INTO staff_credentials (user_name, staff_id, display_name, role, site_id, password_hash, issued_at)
    VALUES ('wang', '0190f2d2-0000-7000-8000-00000000000a', '王窗口', 'clerk', 'taishun-siqian', '${HASH}', '${new Date().toISOString()}');
    UPDATE device SET site_id = 'taishun-siqian';`]);

  await s.type('[data-testid=staff-password]', 'wrong horse battery');
  await s.click('[data-testid=staff-login]');
  const refused = await s.waitText('[data-testid=login-error]', (t) => t.includes(fluent('zh-CN', 'error-login-failed')));
  assert.ok(refused.includes(fluent('zh-CN', 'error-login-failed')), refused);
  await s.type('[data-testid=staff-password]', 'correct horse battery');
  await s.click('[data-testid=staff-login]');
  const who = await s.waitText('[data-testid=clerk-who]', (t) => t.includes('王窗口'));
  assert.ok(who.includes(fluent('zh-CN', 'clerk-offline-login')), who);

  const row = await s.waitText('[data-testid=clerk-queue]', (t) => t.includes(tn));
  assert.ok(row.includes(fluent('zh-CN', 'clerk-waiting')), row);
  await s.screenshot(join(art, 'clerk-desk-zh-CN.png'));
  // The footer counts what the table marks as waiting: the application and the legal aid
  // request (its several outbox entries and files are one record each).
  const tagged = await s.exec(
    `return [...document.querySelectorAll('[data-testid=queue-row]')]
       .filter((r) => r.textContent.includes(${JSON.stringify(fluent('zh-CN', 'clerk-waiting'))})).length`,
  );
  const footer = await s.exec('return document.querySelector("[data-testid=waiting-count]")?.dataset.count');
  assert.equal(String(tagged), '2');
  assert.equal(footer, '2');

  // Keyboard first: Alt+P goes to the reprint field.
  const pdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${tn.replaceAll(' ', '')}.pdf`);
  rmSync(pdf, { force: true });
  await s.chord('\uE00A', 'p');
  const focused = await s.exec('return document.activeElement?.dataset?.testid');
  assert.equal(focused, 'reprint-number');
  await s.type('[data-testid=reprint-number]', tn);
  await s.click('[data-testid=reprint]');
  await s.waitText('[data-testid=clerk-notice]', (t) => t === fluent('zh-CN', 'receipt-saved'));
  assert.ok(existsSync(pdf), 'the receipt was printed again');
  // Marked as a reprint, and made at a place people can read (the county, as no site name
  // is set here), never a device or site code.
  const again = pdfText(pdf);
  assert.match(again, /补打 \d{4}年/, again);
  assert.match(again, /提交地点\s+泰顺县/, again);
  assert.ok(!again.includes('taishun-siqian'), again);

  // A legal aid request's receipt is reprinted from its row too.
  const laPdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${legalAid}.pdf`);
  rmSync(laPdf, { force: true });
  await s.click(`[data-testid=queue-row][data-number="${legalAid}"] [data-testid=row-reprint]`);
  await s.waitText('[data-testid=clerk-notice]', (t) => t === fluent('zh-CN', 'receipt-saved'));
  assert.ok(existsSync(laPdf), 'the legal aid receipt was printed again');
  const laText = pdfText(laPdf);
  assert.match(laText, /补打 \d{4}年/, laText);
  assert.ok(laText.includes('泰顺县法律援助中心'), laText);
  // And says why, as the first receipt did.
  assert.ok(laText.replace(/\s+/g, '').includes('事情发生在其辖区'), laText);

  // No server here: the forced sync says so, in Chinese.
  await s.click('[data-testid=clerk-sync]');
  const err = await s.text('[data-testid=clerk-error]');
  assert.ok(err.includes(fluent('zh-CN', 'error-not-enrolled')), err);

  await s.click('[data-testid=clerk-logout]');
  await s.find('[data-testid=home-title]');
  assert.equal(await s.text('[data-testid=staff-entry]'), fluent('zh-CN', 'staff-entry'));
});

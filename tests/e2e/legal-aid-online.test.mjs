// Legal aid with a real server: a citizen applies at the kiosk, a legal aid officer logs in on
// the clerk desk, accepts, grants and assigns a lawyer; after sync the citizen's tracking shows
// the lawyer. Real app window, real BorderDesk server, real PostgreSQL (e2e-server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { axe, elderSizes, setElder } from './a11y.mjs';
import { applyForLegalAid, outboxEmptied } from './flows.mjs';
import { createStaff, enroll, startServer, staffLogin } from './online.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl', 'receipt.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
}

let s;
let server;
let url;
let adminToken;
before(async () => {
  ({ server, url, adminToken } = await startServer());
  const online = { url, adminToken };
  await createStaff(online, {
    user_name: 'officer-wu', display_name: '吴律师', role: 'legal_aid_officer',
    site_id: 'taishun-luoyang', office_code: 'LA-330329', password: 'long enough secret',
  });
  await createStaff(online, {
    user_name: 'notary-chen', display_name: '陈公证员', role: 'notary_staff',
    site_id: 'taishun-luoyang', office_code: 'GZC-330329', password: 'long enough secret',
  });
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'online.sqlite');
  enroll(online, db, 'taishun-luoyang', '罗阳镇便民服务中心 自助机1');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
  server?.stdin.end();
});

test('an application reaches the office, which assigns a lawyer the kiosk then shows', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  // The citizen: check, apply, receipt.
  const tn = await applyForLegalAid(s);
  // Online: the application leaves the kiosk.
  assert.ok(await outboxEmptied(s), 'sent to the server');

  // The officer: log in online on the clerk desk, open the legal aid desk, work the request.
  await staffLogin(s, 'officer-wu', 'long enough secret');
  const who = await s.waitText('[data-testid=clerk-who]', (t) => t.includes('吴律师'));
  assert.ok(!who.includes(fluent('zh-CN', 'clerk-offline-login')), 'an online login');
  await s.click('[data-testid=open-legal-desk]');
  // The desk opens on the officer's own office and offers no other.
  await s.find('[data-testid=la-row]');
  assert.equal(await s.exec('return document.querySelectorAll("[data-testid^=la-office-]").length'), 1);
  assert.equal(await s.exec('return document.querySelector("[data-testid=la-office-LA-330329]")?.getAttribute("aria-pressed")'), 'true');
  await s.click('[data-testid=la-open]');
  await s.click('[data-testid=la-accept]');
  await s.waitText('[data-testid=la-desk-notice]', (t) => t.includes(fluent('zh-CN', 'legal-aid-progress-accepted')));
  await s.click('[data-testid=la-open]');
  await s.click('[data-testid=la-approve]');
  await s.waitText('[data-testid=la-desk-notice]', (t) => t.includes(fluent('zh-CN', 'legal-aid-progress-approved')));
  await s.click('[data-testid=la-open]');
  await s.type('[data-testid=la-lawyer]', '王律师');
  await s.type('[data-testid=la-firm]', '泰顺某律师事务所');
  await s.type('[data-testid=la-lawyer-phone]', '13900139000');
  await s.screenshot(join(art, 'legal-desk-zh-CN.png'));
  // The office desk with a request open, in normal and elder mode.
  for (const elder of [false, true]) {
    await setElder(s, elder);
    const found = [...(await axe(s)), ...(elder ? await elderSizes(s) : [])];
    assert.deepEqual(found, [], `the legal aid desk (${elder ? 'elder' : 'normal'}):\n  ${found.join('\n  ')}`);
  }
  await setElder(s, false);
  await s.click('[data-testid=la-assign]');
  await s.waitText('[data-testid=la-desk-notice]', (t) => t.includes(fluent('zh-CN', 'legal-aid-progress-assigned')));
  await s.click('[data-testid=nav-home]');
  await s.click('[data-testid=staff-entry]');
  await s.click('[data-testid=clerk-logout]');

  // The citizen tracks it: the decision and the lawyer's contact.
  await s.click('[data-testid=tile-track]');
  await s.type('[data-testid=track-number-input]', tn);
  await s.type('[data-testid=track-id-input]', '1235');
  await s.click('[data-testid=track-submit]');
  const lawyer = await s.waitText('[data-testid=legal-lawyer]', (t) => t.includes('王律师'));
  assert.ok(lawyer.includes('13900139000'), lawyer);
  assert.equal(await s.text('[data-testid=track-status]'), fluent('zh-CN', 'legal-aid-progress-assigned'));
  await s.screenshot(join(art, 'legal-track-lawyer-zh-CN.png'));
  await sleep(100);
  await s.click('[data-testid=nav-home]');
});

test('the notary office desk: the day of its own office only, and accessible', async () => {
  await staffLogin(s, 'notary-chen', 'long enough secret');
  await s.waitText('[data-testid=clerk-who]', (t) => t.includes('陈公证员'));
  await s.click('[data-testid=open-notary-desk]');
  await s.find('[data-testid=desk-slots]');
  assert.equal(await s.exec('return document.querySelectorAll("[data-testid^=desk-office-]").length'), 1);
  for (const elder of [false, true]) {
    await setElder(s, elder);
    const found = [...(await axe(s)), ...(elder ? await elderSizes(s) : [])];
    await s.screenshot(join(art, `notary-desk-${elder ? 'elder' : 'normal'}-zh-CN.png`));
    assert.deepEqual(found, [], `the notary desk (${elder ? 'elder' : 'normal'}):\n  ${found.join('\n  ')}`);
  }
  await setElder(s, false);
  await s.click('[data-testid=nav-home]');
  await s.click('[data-testid=staff-entry]');
  await s.click('[data-testid=clerk-logout]');
});

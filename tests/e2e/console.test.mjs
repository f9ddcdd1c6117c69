// The county console in a real Chromium (Debian's, through chromedriver) against a real
// BorderDesk server and PostgreSQL (e2e-server), beside the real app window of a device at a
// township: the admin logs in, sees the device that synced with its health, finds the legal aid
// application the kiosk made in the figures and in the CSV, creates a clerk who then logs in on
// the app's desk, reads the audit log, revokes the device and sees its next sync refused. axe
// on every page, in each language; screenshots at 1366×768.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { commandAnswer, fillLegalAidForm, outboxEmptied, toLegalAidForm } from './flows.mjs';
import { createStaff, enroll, startServer, staffLogin } from './online.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const axeSource = readFileSync(join(root, 'ui/node_modules/axe-core/axe.min.js'), 'utf8');

function fluent(lang, id, args = {}) {
  for (const file of ['console.ftl', 'ui.ftl', 'borderdesk.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim().replace(/\{ \$([a-z]+) \}/g, (_, k) => String(args[k] ?? `{ $${k} }`));
  }
  throw new Error(`no ${id} in ${lang}`);
}

const SITE = 'taishun-luoyang';
const DEVICE = '罗阳镇便民服务中心 窗口3';
const ADMIN = { user_name: 'county-admin', password: 'county admin secret' };

let app; // the app's window (tauri-driver)
let web; // the console (chromedriver)
let server;
let url;
let downloads;
before(async () => {
  let online;
  ({ server, ...online } = await startServer());
  url = online.url;
  await createStaff(online, {
    ...ADMIN, display_name: '县司法局管理员', role: 'admin', site_id: 'taishun-county',
  });
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'console-desk.sqlite');
  enroll(online, db, SITE, DEVICE);
  app = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  downloads = mkdtempSync(join(tmpdir(), 'borderdesk-console-downloads-'));
  web = await Session.chromium(process.env.CHROMEDRIVER_URL, { downloads });
});
after(async () => {
  await web?.end();
  await app?.end();
  server?.stdin.end();
});

/** axe-core on the console page: the serious and critical violations, one line each. */
async function axe(page) {
  await web.exec(`if (!window.axe) { ${axeSource}\n; } return true;`);
  const raw = await web.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      window.axe.run(document, { resultTypes: ['violations'] })
        .then((r) => done(JSON.stringify(r.violations)), (e) => done(JSON.stringify({ error: String(e) })));`,
    args: [],
  });
  const result = JSON.parse(raw);
  assert.ok(!result.error, `axe failed: ${result.error}`);
  const found = result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${page}:\n  ${found.join('\n  ')}`);
}

/** The page's main heading once it reads `text`. */
const heading = (text) => web.waitText('main h1', (t) => t === text);

async function section(name, title) {
  await web.click(`nav.sections a[href="#${name}"]`);
  await heading(title);
  // The list below the heading has loaded.
  await web.find('main table');
}

/** The page's own fetch of a console route (with its cookie), as status and body. */
async function pageFetch(path) {
  return web.cmd('POST', '/execute/async', {
    script: `const done = arguments[arguments.length - 1];
      fetch(arguments[0], { credentials: 'same-origin' })
        .then(async (r) => done({ status: r.status, body: await r.text() }), (e) => done({ status: 0, body: String(e) }));`,
    args: [path],
  });
}

test('the county console: fleet, figures, accounts, audit and revoking a device', async () => {
  // The login page, refused with a wrong password, then in.
  await web.go(`${url}/console/`);
  await heading(fluent('zh-CN', 'console-login-heading'));
  await axe('the login page');
  await web.screenshot(join(art, 'console-login-zh-CN.png'));
  await web.type('#login-user', ADMIN.user_name);
  await web.type('#login-password', 'not the password');
  await web.click('form.login button[type=submit]');
  await web.waitText('form.login [role=alert]', (t) => t === fluent('zh-CN', 'error-login-failed'));
  await web.type('#login-password', ADMIN.password);
  await web.click('form.login button[type=submit]');
  await heading(fluent('zh-CN', 'console-fleet-heading'));
  const cookie = (await web.cmd('GET', '/cookie')).find((c) => c.name === 'borderdesk_console');
  assert.ok(cookie?.httpOnly, 'the session cookie is HttpOnly');
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await web.exec('return document.cookie.includes("borderdesk_console")'), false);

  // The device synced at start-up and reported its health: it is in the fleet with it.
  const row = '[data-device] th';
  let fleetText = '';
  for (let i = 0; i < 100; i++) {
    fleetText = await web.exec('return document.querySelector("main table tbody")?.innerText ?? ""');
    if (fleetText.includes(DEVICE) && /\d+\.\d+\.\d+/.test(fleetText)) break;
    await sleep(300);
    if (i % 10 === 9) await web.exec('location.reload()');
  }
  assert.ok(fleetText.includes(DEVICE), `the device is listed: ${fleetText}`);
  assert.match(fleetText, /\d+\.\d+\.\d+/, 'with the version it reported');
  assert.ok(fleetText.includes(SITE), 'at its site');
  await web.find(row);
  await axe('the fleet');
  await web.screenshot(join(art, 'console-fleet-zh-CN.png'));

  // A new kiosk is enrolled with a one-time code made here: its operator types it into
  // borderdesk-ctl (no admin token on the kiosk); the kiosk then stands in the fleet.
  await web.type('#enroll-site', 'taishun-siqian');
  await web.type('#enroll-name', '泗溪镇便民服务中心 自助机1');
  await web.click('form[aria-labelledby=enroll-heading] button[type=submit]');
  const shownCode = await web.waitText('[data-testid=enrollment-code] [data-testid=code]', (t) => /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(t));
  assert.ok(await web.exists('[data-testid=enrollment-code] .qr svg'), 'a QR code');
  assert.ok((await web.text('[data-testid=ticket]')).includes(`borderdesk-enroll:${shownCode}@`), 'the QR text names the code');
  await web.find('[data-testid=open-codes] tr[data-code]');
  await axe('a new enrollment code');
  await web.exec('document.querySelector("[data-testid=enrollment-code]").scrollIntoView()');
  await web.screenshot(join(art, 'console-enroll-zh-CN.png'));
  const kioskDb = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'siqian-kiosk.sqlite');
  const ctlSaid = execFileSync(process.env.BORDERDESK_CTL, ['--db', kioskDb, 'enroll', '--server', url, '--code', shownCode.toLowerCase()], { encoding: 'utf8' });
  assert.match(ctlSaid, /site taishun-siqian/);
  await web.exec('location.reload()');
  await heading(fluent('zh-CN', 'console-fleet-heading'));
  const withKiosk = await web.waitText('main table tbody', (t) => t.includes('泗溪镇便民服务中心 自助机1'));
  assert.ok(withKiosk.includes(fluent('zh-CN', 'console-never')), 'enrolled, not yet heard from');
  assert.equal(await web.exists('[data-testid=open-codes]'), false, 'the code is used up');
  // Used once: a second device cannot take it.
  assert.throws(() => execFileSync(process.env.BORDERDESK_CTL, ['--db', `${kioskDb}-2`, 'enroll', '--server', url, '--code', shownCode], { stdio: 'pipe' }));

  // A citizen applies for legal aid at the device; the figures count it, and so does the CSV.
  await app.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  // ... and rates it 满意 under the receipt (好差评, counted in the county's ratings).
  await toLegalAidForm(app);
  await fillLegalAidForm(app);
  await app.click('[data-testid=la-confirm]');
  await app.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  await app.click('[data-testid=rate-satisfied]');
  await app.find('[data-testid=rate-thanks]');
  await app.click('[data-testid=back-home]');
  assert.ok(await outboxEmptied(app), 'the legal aid application and its rating reached the server');
  await section('figures', fluent('zh-CN', 'console-figures-heading'));
  const received = await web.waitText(
    '[data-office="LA-330329"] [data-count=applications_received]', (t) => t === '1',
  );
  assert.equal(received, '1');
  // The county's ratings: one 满意 for legal aid, every service listed. The rating goes
  // after its request (the footer counts records, not ratings): 统计 again until it is in.
  const ratedCell = '#rating-figures [data-service=legal_aid] [data-count=satisfied]';
  for (let i = 0; i < 60 && (await web.text(ratedCell).catch(() => '')) !== '1'; i++) {
    await sleep(500);
    await web.click('main form.row button[type=submit]');
  }
  await web.waitText(ratedCell, (t) => t === '1');
  assert.equal(await web.exec('return document.querySelectorAll("#rating-figures tr[data-service]").length'), 4);
  assert.equal(await web.text('#rating-figures [data-service=legal_aid] [data-count=satisfied_percent]'), '100.0%');
  await axe('the figures');
  await web.screenshot(join(art, 'console-figures-zh-CN.png'));
  await web.exec('document.getElementById("rating-figures").scrollIntoView({ block: "center" })');
  await web.screenshot(join(art, 'console-ratings-zh-CN.png'));
  await web.exec('window.scrollTo(0, 0)');
  await web.click('main form a[download]');
  let csvName;
  for (let i = 0; i < 100 && !csvName; i++) {
    csvName = readdirSync(downloads).find((f) => f.endsWith('.csv'));
    if (!csvName) await sleep(100);
  }
  assert.ok(csvName, 'the CSV was downloaded');
  const csv = readFileSync(join(downloads, csvName), 'utf8');
  const line = csv.split(/\r?\n/).find((l) => l.includes('LA-330329'));
  assert.ok(line, `the office's line in the CSV:\n${csv}`);
  assert.ok(line.split(',').includes('1'), `its application counted: ${line}`);

  // The offices' pages, read-only: a notary office's calendar, a legal aid office's overdue
  // list (the application just made is not overdue).
  await web.click('nav.sections a[href="#offices"]');
  await heading(fluent('zh-CN', 'console-offices-heading'));
  await web.find('[data-testid=notary-calendar] tr[data-day]');
  await web.find('[data-testid=sms-report]');
  await axe('a notary office');
  await web.screenshot(join(art, 'console-offices-zh-CN.png'));
  await web.exec(`const el = document.querySelector('#office-pick'); el.value = 'legal_aid:LA-330329'; el.dispatchEvent(new Event('change', { bubbles: true }));`);
  const none = await web.waitText('[data-testid=legal-aid-overdue] tbody', (t) => t.length > 0);
  assert.equal(none, fluent('zh-CN', 'console-offices-none-overdue'));
  await axe('a legal aid office');

  // Accounts: a clerk for the device's site; a password reset; the clerk logs in at the desk.
  await section('staff', fluent('zh-CN', 'console-staff-heading'));
  await web.type('#new-user', 'clerk-zhao');
  await web.type('#new-name', '赵窗口');
  await web.type('#new-site', SITE);
  await web.type('#new-password', 'first secret 1');
  await web.click('form.grid button[type=submit]');
  await web.waitText('main .done', (t) => t === fluent('zh-CN', 'console-created', { name: '赵窗口' }));
  await web.find('[data-user="clerk-zhao"]');
  await axe('the accounts');
  await web.screenshot(join(art, 'console-staff-zh-CN.png'));
  // The role dialog, looked at and left.
  await web.click(`[data-user="clerk-zhao"] button[aria-label^="${fluent('zh-CN', 'console-reassign')}"]`);
  assert.equal(await web.exec('return document.querySelector("dialog[open] #move-role").value'), 'clerk');
  await axe('the role dialog');
  await web.click('dialog[open] .actions button:not(.primary)');
  await web.click(`[data-user="clerk-zhao"] button[aria-label^="${fluent('zh-CN', 'console-reset-password')}"]`);
  await web.find('dialog[open] #reset-password');
  await axe('the password reset dialog');
  await web.type('#reset-password', 'short');
  await web.click('dialog[open] button[type=submit]');
  // Too short: the browser or the server refuses it, and the dialog stays with the password.
  await sleep(500);
  assert.ok(await web.exists('dialog[open] #reset-password'), 'still asking');
  const said = await web.text('dialog[open] [role=alert]');
  assert.ok(said === '' || said === fluent('zh-CN', 'error-password-too-short', { min: 8 }), said);
  await web.type('#reset-password', 'second secret 2');
  await web.click('dialog[open] button[type=submit]');
  await web.waitText('main .done', (t) => t === fluent('zh-CN', 'console-reset-done', { name: '赵窗口' }));
  assert.equal(await web.exists('dialog[open]'), false);

  await staffLogin(app, 'clerk-zhao', 'second secret 2');
  const who = await app.waitText('[data-testid=clerk-who]', (t) => t.includes('赵窗口'));
  assert.ok(!who.includes(fluent('zh-CN', 'clerk-offline-login')), 'an online login');

  // The audit log, narrowed to the clerk: created, password reset, logged in at the device.
  await section('audit', fluent('zh-CN', 'console-audit-heading'));
  await web.type('#audit-person', 'clerk-zhao');
  await web.click('main form.row button[type=submit]');
  let actions = [];
  for (let i = 0; i < 50; i++) {
    actions = await web.exec('return [...document.querySelectorAll("[data-action]")].map((r) => r.dataset.action)');
    if (actions.includes('login') || actions.includes('online_login')) break;
    await sleep(200);
    await web.click('main form.row button[type=submit]');
  }
  for (const a of ['staff_created', 'password_reset']) assert.ok(actions.includes(a), `${a} in ${actions}`);
  assert.ok(actions.includes('login') || actions.includes('online_login'), `the login in ${actions}`);
  const auditText = await web.text('main table tbody');
  assert.ok(auditText.includes(fluent('zh-CN', 'console-action-staff-created')), 'actions read in words');
  assert.ok(auditText.includes(DEVICE), 'the login names its device');
  await axe('the audit log');
  await web.screenshot(join(art, 'console-audit-zh-CN.png'));

  // Reference data: a catalog file with a bad row is refused with the row shown; a good one
  // is imported as a version, and the device has the new item after its next sync.
  await section('reference', fluent('zh-CN', 'console-reference-heading'));
  const header = 'code,name_zh_cn,category,handling_side,handling_office_zh_cn,mode,time_limit_working_days';
  const good = `${header}\nZM-E2E-001,端到端测试事项,household,zhejiang,泰顺县公安局,collected_and_forwarded,3\n`;
  const files = mkdtempSync(join(tmpdir(), 'borderdesk-console-upload-'));
  writeFileSync(join(files, 'bad.csv'), `${good}ZM-E2E-002,坏的一行,household,zhejiang,泰顺县公安局,by_pigeon,2\n`);
  writeFileSync(join(files, 'good.csv'), good);
  await web.type('#catalog-file', join(files, 'bad.csv'));
  await web.click('form.row button[type=submit]');
  const badRow = await web.text('[data-testid=catalog-errors] tr[data-row="3"]');
  assert.ok(badRow.includes('mode') && badRow.includes('by_pigeon'), badRow);
  assert.equal(await web.exists('[data-testid=catalog-import]'), false, 'a bad file cannot be imported');
  await axe('a catalog file with a bad row');
  await web.screenshot(join(art, 'console-reference-errors-zh-CN.png'));
  await web.type('#catalog-file', join(files, 'good.csv'));
  await web.click('form.row button[type=submit]');
  assert.ok((await web.text('[data-testid=diff-added]')).includes('ZM-E2E-001'));
  // The server may hold versions already (e2e-server loads the sample catalog).
  const newest = await web.exec('return document.querySelector("[data-version]")?.dataset.version');
  const imported = String(Number(newest ?? 0) + 1);
  await web.click('[data-testid=catalog-import]');
  await web.waitText('main .done', (t) => t === fluent('zh-CN', 'console-catalog-imported', { version: imported, changed: 1 }));
  await web.click(`[data-version="${imported}"] button`);
  assert.ok((await web.text('[data-testid=version-diff]')).includes('ZM-E2E-001'));
  await axe('the catalog versions');
  await web.screenshot(join(art, 'console-reference-zh-CN.png'));
  assert.equal(await commandAnswer(app, 'clerk_sync'), 'ok');
  assert.equal(await commandAnswer(app, 'catalog_item', { code: 'ZM-E2E-001' }), 'ok', 'the device pulled the new item');
  assert.equal(await app.exec('return window.__probeValue.name["zh-CN"]'), '端到端测试事项');

  // Revoke the device: asked first, then its next sync is refused.
  await section('fleet', fluent('zh-CN', 'console-fleet-heading'));
  const deviceId = await web.exec('return [...document.querySelectorAll("[data-device]")].find((r) => r.querySelector("th").textContent.includes(arguments[0]))?.dataset.device', [DEVICE]);
  assert.ok(deviceId, 'the device is in the fleet');
  await web.click(`[data-device="${deviceId}"] button.danger`);
  const asked = await web.text('dialog[open] p');
  assert.equal(asked.startsWith(fluent('zh-CN', 'console-revoke-confirm', { name: DEVICE }).slice(0, 10)), true, asked);
  await axe('the revoke question');
  await web.click('dialog[open] button.primary');
  await web.waitText('main .done', (t) => t === fluent('zh-CN', 'console-revoked-done', { name: DEVICE }));
  for (let i = 0; i < 50 && (await web.exists(`[data-device="${deviceId}"] button.danger`)); i++) await sleep(100);
  assert.equal(await web.exists(`[data-device="${deviceId}"] button.danger`), false, 'no revoke on a revoked device');
  assert.equal(await commandAnswer(app, 'clerk_sync'), 'error-unauthorized', 'the device is refused');

  // The other languages, complete and accessible.
  for (const [lang, shot] of [['en', 'console-fleet-en.png'], ['zh-TW', null]]) {
    await web.exec(`const el = document.querySelector('header select'); el.value = arguments[0]; el.dispatchEvent(new Event('change', { bubbles: true }));`, [lang]);
    await heading(fluent(lang, 'console-fleet-heading'));
    assert.equal(await web.exec('return document.documentElement.lang'), lang);
    await axe(`the fleet in ${lang}`);
    if (shot) await web.screenshot(join(art, shot));
  }

  // Logged out: the session is over on the server too.
  await web.click('header.top button');
  await heading(fluent('zh-TW', 'console-login-heading'));
  assert.equal((await pageFetch('/console/api/fleet')).status, 401);
});

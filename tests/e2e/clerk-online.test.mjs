// The clerk desk with a real server: a clerk logs in online, fills an application in for a
// citizen (recorded as assisted, 代办), finds it in the site's queue from the server, opens it,
// checks its materials (a missing one holds acceptance up) and accepts it. axe and the elder
// sizes run on the desk with the application open. Real app window, real BorderDesk server,
// real PostgreSQL (e2e-server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { axe, elderSizes, setElder } from './a11y.mjs';
import { applyForTemporaryId, commandAnswer } from './flows.mjs';
import { createStaff, enroll, sealLan, siteLanKey, startServer, staffLogin } from './online.mjs';

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

const answerFor = {
  name: '赵六',
  id_number: '11010519491231002X',
  phone: '13800138000',
  text: '办理银行业务',
};

let s;
let server;
/** The LAN keys of the desk's site and of another one. */
let lanKey;
let otherLanKey;
before(async () => {
  let online;
  ({ server, ...online } = await startServer());
  lanKey = await siteLanKey(online, 'taishun-luoyang');
  otherLanKey = await siteLanKey(online, 'fuding');
  await createStaff(online, {
    user_name: 'clerk-li', display_name: '李窗口', role: 'clerk',
    site_id: 'taishun-luoyang', password: 'long enough secret',
  });
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'desk.sqlite');
  enroll(online, db, 'taishun-luoyang', '罗阳镇便民服务中心 窗口2');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
  server?.stdin.end();
});

/** Sends one datagram to the desk's LAN port; its answer, or null after `wait` ms. */
/** Sends `bytes` to the desk's LAN port; the desk's answer's payload, or null. */
function lanCall(bytes, wait = 3000) {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    const done = (v) => { clearTimeout(timer); sock.close(); resolve(v); };
    const timer = setTimeout(() => done(null), wait);
    sock.on('message', (m) => done(JSON.parse(JSON.parse(m.toString()).payload)));
    sock.send(bytes, Number(process.env.BORDERDESK_LAN_PORT ?? 47810), '127.0.0.1');
  });
}

async function waitSent() {
  for (let i = 0; i < 300; i++) {
    const count = await s.exec('return document.querySelector("[data-testid=waiting-count]")?.dataset.count');
    if (count === '0') return;
    await sleep(100);
  }
  assert.fail('the application did not reach the server');
}

test('a clerk fills an application in for a citizen, checks its materials and accepts it', async () => {
  await s.find('[data-testid=home-title]');
  await staffLogin(s, 'clerk-li', 'long enough secret');
  const who = await s.waitText('[data-testid=clerk-who]', (t) => t.includes('李窗口'));
  assert.ok(!who.includes(fluent('zh-CN', 'clerk-offline-login')), 'an online login');
  await sleep(1500);
  if (await s.exists('[data-testid=clerk-error]')) assert.fail(await s.text('[data-testid=clerk-error]'));
  await s.waitText('[data-testid=clerk-queue-source]', (t) => t === fluent('zh-CN', 'clerk-queue-source-site'));

  // A kiosk that cannot reach the server calls over the hall's LAN: the desk acknowledges it,
  // shows it with the calls for help, and it goes once taken.
  const callId = randomUUID();
  // An unsigned call (the old format) or one signed with another site's key is not heard.
  assert.equal(await lanCall(JSON.stringify({ kind: 'call', site_id: 'taishun-luoyang', id: callId, device_name: '10007' }), 800), null);
  assert.equal(await lanCall(sealLan(otherLanKey, 'taishun-luoyang', { kind: 'call', id: callId, device_name: '10007' }), 800), null);
  const acked = await lanCall(sealLan(lanKey, 'taishun-luoyang', { kind: 'call', id: callId, device_name: '10007' }));
  assert.equal(acked.kind, 'ack');
  assert.equal(acked.id, callId);
  await s.click('[data-testid=clerk-refresh]');
  const calls = await s.waitText('[data-testid=staff-calls]', (t) => t.includes('10007'));
  assert.ok(calls.includes(fluent('zh-CN', 'clerk-lan-device').replace('{ $code }', '10007')), calls);
  await s.click('[data-testid=staff-calls] button');
  await s.find('[data-testid=clerk-queue-source]');
  for (let i = 0; i < 30 && (await s.exists('[data-testid=staff-calls]')); i++) await sleep(100);
  assert.equal(await s.exists('[data-testid=staff-calls]'), false, 'the call was taken');
  // Another site's call is not this desk's: no acknowledgement.
  assert.equal(await lanCall(sealLan(otherLanKey, 'fuding', { kind: 'call', id: randomUUID(), device_name: '20001' }), 800), null);

  // 代办: the banner stays on every screen of the interview.
  await s.click('[data-testid=clerk-assist]');
  const banner = await s.waitText('[data-testid=assist-banner]', (t) => t.includes('clerk-li'));
  assert.ok(banner);
  const shown = await applyForTemporaryId(s, {
    answers: answerFor,
    onQuestion: async (q) => {
      assert.ok(await s.exists('[data-testid=assist-banner]'), `the banner on ${q.id}`);
      if (q.id === 'applicant_name') {
        const found = await axe(s);
        assert.deepEqual(found, [], `an interview screen while assisting:\n  ${found.join('\n  ')}`);
      }
    },
  });
  const tn = shown.replaceAll(' ', '');
  // 好差评 is the citizen's own: not offered while the clerk holds the screen.
  assert.equal(await s.exists('[data-testid=rate-service]'), false, 'no rating offered while assisting');
  assert.equal(await commandAnswer(s, 'rate_service', { service: 'application', trackingNumber: tn, level: 'very_satisfied', reasons: [] }), 'error-rating-by-staff');
  await waitSent();
  await s.click('[data-testid=assist-stop]');
  await s.find('[data-testid=clerk-who]');
  assert.equal(await s.exists('[data-testid=assist-banner]'), false, 'assisting ended');

  // The site's queue from the server shows it, marked assisted.
  await s.click('[data-testid=clerk-refresh]');
  const row = `[data-testid=queue-row][data-number="${tn}"]`;
  await s.find(row);
  assert.ok(await s.exists(`${row} [data-testid=row-assisted]`), 'marked 代办');
  await s.click(`${row} [data-testid=open-row]`);
  await s.find('[data-testid=desk-application]');
  assert.ok((await s.text('[data-testid=opened-assisted]')).includes('clerk-li'));
  const shownName = await s.text('[data-testid=opened-answer][data-question=applicant_name]');
  assert.equal(shownName, answerFor.name);
  // A choice reads as its option, not its stored value.
  const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
  const purpose = catalog.find((i) => i.code === 'ZM-HJ-001').questions.find((q) => q.id === 'purpose');
  assert.equal(
    await s.text('[data-testid=opened-answer][data-question=purpose]'),
    purpose.options[0].label['zh-CN'],
  );
  assert.equal(
    await s.text('[data-testid=opened-outstanding]'),
    fluent('zh-CN', 'clerk-outstanding').replace('{ $count }', '1'),
  );

  // The household register is missing: acceptance is refused, in Chinese, at the desk.
  await s.click('[data-testid=check-0-missing]');
  await s.click('[data-testid=save-checks]');
  await s.waitText('[data-testid=opened-notice]', (t) => t === fluent('zh-CN', 'clerk-checks-saved'));
  await s.click('[data-testid=accept-application]');
  const refused = await s.waitText('[data-testid=opened-error]', (t) => t.length > 0);
  assert.ok(refused.includes(fluent('zh-CN', 'error-materials-outstanding')), refused);

  // Its electronic licence stands in: now it can be accepted.
  // Keyboard first: the shortcut shown on the button saves the checks.
  await s.click('[data-testid=check-0-e_licence]');
  await s.chord('\uE00A', 'v');
  await s.waitText('[data-testid=opened-outstanding]', (t) => t === fluent('zh-CN', 'clerk-all-in-order'));
  for (const elder of [false, true]) {
    await setElder(s, elder);
    const found = [...(await axe(s))];
    if (elder) found.push(...(await elderSizes(s)));
    await s.screenshot(join(art, `clerk-desk-application-${elder ? 'elder' : 'normal'}-zh-CN.png`));
    assert.deepEqual(found, [], `the desk with an application open (${elder ? 'elder' : 'normal'}):\n  ${found.join('\n  ')}`);
  }
  await setElder(s, false);
  await s.chord('\uE00A', 'a');
  await s.waitText('[data-testid=opened-notice]', (t) => t === fluent('zh-CN', 'clerk-accepted'));
  await s.waitText(`${row}`, (t) => t.includes(fluent('zh-CN', 'status-accepted')));
  await s.click('[data-testid=clerk-logout]');
});

// Accessibility of the real kiosk: axe-core on the main screens in normal and elder mode
// (长辈模式), the elder-mode sizes of 适老化 (body text ≥ 24 px, main functions ≥ 40 px,
// touch targets ≥ 60 × 60), the call-staff button, and screenshots in every language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Session } from './webdriver.mjs';
import { fillLegalAidForm, LEGAL_AID_STEPS } from './flows.mjs';
import { axe, elderSizes, setElder } from './a11y.mjs';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The value of a Fluent message in a language's UI file (simple one-line messages). */
function fluent(lang, id) {
  const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/ui.ftl`), 'utf8');
  const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
  if (!m) throw new Error(`no ${id} in ${lang}`);
  return m[1].trim();
}

const ITEM = 'ZM-HJ-001';

/** 首页 from a screen where something is being filled in: asked first, then left unsaved. */
async function leaveHome() {
  await s.click('[data-testid=nav-home]');
  await s.click('[data-testid=leave-discard]');
}
const answerFor = {
  name: '张三',
  id_number: '11010519491231002X',
  phone: '13800138000',
  address: '泰顺县罗阳镇新城大道1号',
  date: '2026-11-20',
  text: '测试',
  long_text: '测试内容',
};


// The argon2id hash of "correct horse battery" an online login would have cached (as in
// clerk.test.mjs), so the clerk desk can be checked offline.
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$ZTJlLWNsZXJrLXNhbHQtMTY$ykwE6x+DK1CuOk+vxuBBThe0boEHa2UZLPJ3rRmC78M';

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'a11y.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
  // As an online login through a device of the clerk's site would have left it.
  execFileSync('sqlite3', [db, `INSERT INTO staff_credentials (user_name, staff_id, display_name, role, site_id, password_hash, issued_at)
    VALUES ('wang', '0190f2d2-0000-7000-8000-00000000000b', '王窗口', 'clerk', 'taishun-siqian', '${HASH}', '${new Date().toISOString()}');
    UPDATE device SET site_id = 'taishun-siqian';`]);
});
after(async () => {
  await s?.end();
});

/** Answers every question of the item up to the materials step (`onMaterials`, when given,
 *  runs there), then goes on to the check-answers screen. */
async function answerAll(onMaterials) {
  const item = catalog.find((i) => i.code === ITEM);
  const answers = {};
  for (const q of item.questions) {
    if (q.show_if && answers[q.show_if.question] !== q.show_if.equals) continue;
    await s.find(`form[data-question-id="${q.id}"]`);
    if (q.kind === 'choice') {
      const value = q.options[0].value;
      await s.click(`[data-testid="choice-${value}"]`);
      answers[q.id] = value;
    } else {
      const v = answerFor[q.kind] ?? '测试';
      await s.type('[data-testid=answer-input]', v);
      answers[q.id] = v;
    }
    await s.click('[data-testid=next]');
  }
  await s.find('[data-testid=materials]');
  if (onMaterials) await onMaterials();
  await s.click('[data-testid=materials-next]');
  await s.find('[data-testid=check-answers]');
}

test('call staff: one tap, an honest answer read out, and no second call for 60 s', async () => {
  await s.click('[data-testid=tile-services]');
  await s.click('[data-testid=call-staff]');
  // No server and no desk on the LAN here: nobody got the call, and the screen says so and
  // where to go, instead of "staff have been told".
  const status = await s.waitText('[data-testid=call-staff-status]', (t) => t.includes(fluent('zh-CN', 'call-staff-unreached')));
  assert.ok(!status.includes(fluent('zh-CN', 'call-staff-reached')), status);
  assert.ok(!status.includes('已通知'), `nobody was told: ${status}`);
  assert.equal(await s.exec('return document.querySelector("[data-testid=call-staff-status]").getAttribute("role")'), 'status');
  assert.equal(await s.exec('return document.querySelector("[data-testid=call-staff]").getAttribute("aria-disabled")'), 'true');
  const wait = await s.text('[data-testid=call-staff]');
  assert.match(wait, /\d+/, 'the button says how long until it can be used again');
  // Pressing again does nothing: still waiting, the same confirmation.
  await s.click('[data-testid=call-staff]');
  assert.equal(await s.exec('return document.querySelector("[data-testid=call-staff]").getAttribute("aria-disabled")'), 'true');
  // The same place on another screen.
  await s.click('[data-testid=nav-home]');
  assert.ok(await s.exists('footer [data-testid=call-staff]'));
  assert.ok(await s.exists('header [data-testid=elder-toggle]'));
  await s.screenshot(join(art, 'call-staff-zh-CN.png'));
});

for (const mode of ['normal', 'elder']) {
  test(`axe finds nothing serious on the main screens (${mode})`, async () => {
    const elder = mode === 'elder';
    const found = [];
    // Pictures of the new screens in elder mode, to look at (tests/e2e/artifacts).
    const pictured = ['home', 'item', 'materials', 'notary-matters', 'notary-slots', 'legal-outcome', 'legal-step-agent', 'legal-step-where', 'legal-step-sign', 'legal-review', 'legal-done', 'clerk-desk', 'track-error'];
    const check = async (screen) => {
      for (const v of await axe(s)) found.push(`[${screen}] ${v}`);
      if (elder) for (const p of await elderSizes(s)) found.push(`[${screen}] ${p}`);
      if (elder && pictured.includes(screen)) await s.screenshot(join(art, `${screen}-elder-zh-CN.png`));
    };
    await s.click('[data-testid=home-title], [data-testid=nav-home]');
    await s.find('[data-testid=home-title]');
    await setElder(s, elder);
    await check('home');
    await s.click('[data-testid=tile-services]');
    await s.find('[data-testid=popular-list]');
    await check('services');
    await s.type('[data-testid=services-search]', 'lssfzm');
    await s.click(`[data-testid="item-${ITEM}"]`);
    await s.find('[data-testid=start-application]');
    await check('item');
    await s.click('[data-testid=start-application]');
    await s.find('form[data-question-id]');
    await check('interview');
    // The same question with an error shown.
    await s.click('[data-testid=next]');
    const errored = await s.exists('[data-testid=answer-error]');
    if (errored) await check('interview-error');
    await answerAll(() => check('materials'));
    await check('check-answers');
    // Save for later: the slip screen, then the resume screen with an error shown.
    await s.click('[data-testid=save-for-later]');
    await s.find('[data-testid=resume-code]');
    await check('saved');
    await s.click('[data-testid=back-home]');
    await s.click('[data-testid=tile-resume]');
    await s.type('[data-testid=resume-code-input]', '12345');
    await s.click('[data-testid=resume-submit]');
    await s.find('[data-testid=resume-error]');
    await check('resume-error');
    await s.click('[data-testid=nav-home]');
    // Video notarization: matters (with an in-person one explained), place and office,
    // slots, the applicant form with an error.
    await s.click('[data-testid=tile-notary]');
    await s.click('[data-testid="matter-GZ-YZ"]');
    await s.find('[data-testid=notary-in-person]');
    await check('notary-matters');
    await s.click('[data-testid="matter-GZ-QSGX"]');
    await s.click('[data-testid="county-330329"]');
    await s.find('[data-testid="office-GZC-330329"]');
    await check('notary-office');
    await s.click('[data-testid="office-GZC-330329"]');
    await s.find('[data-testid=slot]');
    await check('notary-slots');
    await s.click('[data-testid=slot]:not([aria-disabled])');
    await s.find('[data-testid=applicant-name]');
    await s.click('[data-testid=book]');
    await s.find('[data-testid=book-error]');
    await check('notary-applicant-error');
    // 首页 while filling in asks first: the question is checked too, then left.
    await s.click('[data-testid=nav-home]');
    await s.find('[data-testid=leave-guard]');
    await check('leave-guard');
    await s.click('[data-testid=leave-discard]');
    await s.click('[data-testid=tile-notary]');
    await s.click('[data-testid=notary-find]');
    await s.find('[data-testid=booking-number]');
    await check('notary-find');
    await s.click('[data-testid=nav-home]');
    // Tracking: a number nobody knows, its error by the button.
    await s.click('[data-testid=tile-track]');
    await s.type('[data-testid=track-number-input]', '100019999994');
    await s.type('[data-testid=track-id-input]', '002X');
    await s.click('[data-testid=track-submit]');
    await s.find('[data-testid=track-error]');
    await check('track-error');
    await s.click('[data-testid=nav-home]');
    // Legal aid: the check (matter, situations, household with an error, the answer), the
    // application form with an error and its review page, a consultation with an error.
    await s.click('[data-testid=tile-legal-aid]');
    await check('legal-aid');
    await s.click('[data-testid=legal-check]');
    await s.find('[data-testid="matter-labour_relations_or_wages"]');
    await check('legal-matter');
    await s.click('[data-testid="matter-labour_relations_or_wages"]');
    await check('legal-situations');
    await s.click('[data-testid=next]');
    await s.click('[data-testid=next]');
    await s.type('[data-testid=household-size]', '0');
    await s.click('[data-testid=check]');
    await s.find('[data-testid=legal-error]');
    await check('legal-household-error');
    await s.type('[data-testid=household-size]', '3');
    await s.type('[data-testid=household-income]', '1000');
    await s.click('[data-testid=check]');
    await s.find('[data-testid=legal-outcome]');
    await check('legal-outcome');
    await s.click('[data-testid=to-apply]');
    // An empty screen is refused at its field; then every screen of the form, and the review.
    await s.find('form[data-step="name"]');
    await s.click('[data-testid=la-next]');
    await s.find('[data-testid=application-error]');
    await check('legal-application-error');
    const everyStep = Object.fromEntries(
      LEGAL_AID_STEPS.map((id) => [id, async (_, usual) => { await usual(); await check(`legal-step-${id}`); }]),
    );
    await fillLegalAidForm(s, everyStep);
    await check('legal-review');
    // The confirmation: receipt, signed or not, 打印申请表, the family code, the rating.
    await s.click('[data-testid=la-confirm]');
    await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
    await s.find('[data-testid=family-qr] img');
    await check('legal-done');
    await leaveHome();
    await s.click('[data-testid=tile-legal-aid]');
    await s.click('[data-testid=legal-consult]');
    await s.click('[data-testid=consult-send]');
    await s.find('[data-testid=consult-error]');
    await check('legal-consult-error');
    await leaveHome();
    // Staff login, with a refused login shown; then the clerk desk.
    await s.click('[data-testid=staff-entry]');
    await s.type('[data-testid=staff-user]', 'nobody');
    await s.type('[data-testid=staff-password]', 'wrong password');
    await s.click('[data-testid=staff-login]');
    await s.find('[data-testid=login-error]');
    await check('staff-login-error');
    await s.type('[data-testid=staff-user]', 'wang');
    await s.type('[data-testid=staff-password]', 'correct horse battery');
    await s.click('[data-testid=staff-login]');
    await s.find('[data-testid=clerk-who]');
    await check('clerk-desk');
    await s.click('[data-testid=clerk-logout]');
    await s.find('[data-testid=home-title]');
    assert.equal(found.length, 0, `${found.length} problem(s) in ${mode} mode:\n  ${found.join('\n  ')}`);
  });
}

test('screenshots: home and a question, normal and elder, in every language', async () => {
  for (const lang of ['zh-CN', 'zh-TW', 'en']) {
    await s.find('[data-testid=home-title]');
    await s.click(`[data-testid=lang-${lang}]`);
    await s.waitText('[data-testid=home-title]', (t) => t === fluent(lang, 'home-title'));
    for (const mode of ['normal', 'elder']) {
      await setElder(s, mode === 'elder');
      const toggle = await s.text('[data-testid=elder-toggle]');
      assert.ok(toggle.includes(fluent(lang, 'elder-toggle')), toggle);
      await s.screenshot(join(art, `home-${mode}-${lang}.png`));
      await s.click('[data-testid=tile-services]');
      await s.type('[data-testid=services-search]', 'lssfzm');
      await s.click(`[data-testid="item-${ITEM}"]`);
      await s.click('[data-testid=start-application]');
      await s.find('form[data-question-id]');
      await s.screenshot(join(art, `interview-${mode}-${lang}.png`));
      await s.click('[data-testid=nav-home]');
      if (lang !== 'zh-CN' || mode === 'elder') await s.screenshot(join(art, `leave-guard-${mode}-${lang}.png`));
      await s.click('[data-testid=leave-discard]');
      await s.find('[data-testid=home-title]');
    }
  }
  await s.click('[data-testid=lang-zh-CN]');
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
});

test('elder mode lasts for one person: a quiet spell on the home screen turns it off', async () => {
  await setElder(s, true);
  await s.click('[data-testid=tile-services]');
  await s.click('[data-testid=nav-home]');
  assert.equal(await s.exec('return document.documentElement.classList.contains("elder")'), true, 'kept while the person goes on');
  // BORDERDESK_IDLE_TIMEOUT is 10 s in run.sh.
  const until = Date.now() + 20000;
  let on = true;
  while (on && Date.now() < until) {
    await sleep(500);
    on = await s.exec('return document.documentElement.classList.contains("elder")');
  }
  assert.equal(on, false, 'back to the standard look for the next person');
  assert.equal(await s.exec('return document.querySelector("[data-testid=elder-toggle]").getAttribute("aria-pressed")'), 'false');
});

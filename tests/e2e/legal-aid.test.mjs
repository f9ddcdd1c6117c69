// Legal aid at the kiosk: the eligibility check in plain words (likely eligible; likely not,
// with other free help), then a legal consultation with a tracking number. Offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { commandAnswer, fillLegalAidForm, pick } from './flows.mjs';

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

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'legal.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

async function check(matter, size, income) {
  await s.click('[data-testid=tile-legal-aid]');
  await s.click('[data-testid=legal-check]');
  await s.click(`[data-testid="matter-${matter}"]`);
  await s.click('[data-testid=next]'); // no Art. 32 situation
  await s.click('[data-testid=next]'); // no Art. 42 status
  await s.type('[data-testid=household-size]', size);
  await s.type('[data-testid=household-income]', income);
  await s.click('[data-testid=check]');
  await s.find('[data-testid=legal-outcome], [data-testid=legal-error]');
  return s.exec('return document.querySelector("[data-testid=legal-outcome]")?.dataset.outcome ?? document.querySelector("main").innerText');
}

test('the eligibility check answers in plain words and is never a dead end', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  // A bad household size is refused on the spot, in Chinese.
  await s.click('[data-testid=tile-legal-aid]');
  await s.click('[data-testid=legal-check]');
  await s.click('[data-testid="matter-labour_relations_or_wages"]');
  await s.click('[data-testid=next]');
  await s.click('[data-testid=next]');
  await s.type('[data-testid=household-size]', '0');
  await s.type('[data-testid=household-income]', '1000');
  await s.click('[data-testid=check]');
  assert.ok((await s.text('[data-testid=legal-error]')).includes(fluent('zh-CN', 'legal-household-size-invalid')));
  await s.click('[data-testid=nav-home]');

  assert.equal(await check('labour_relations_or_wages', '3', '1000'), 'likely_eligible');
  const headline = await s.text('[data-testid=legal-outcome]');
  assert.equal(headline, fluent('zh-CN', 'legal-aid-outcome-likely-eligible'));
  await s.screenshot(join(art, 'legal-eligible-zh-CN.png'));

  // Apply here, one question a screen. Nothing moves on while a screen's answers are not
  // valid, and all of a screen's problems show at once; nothing typed is lost.
  await s.click('[data-testid=to-apply]');
  const errorsShown = () => s.exec('return [...document.querySelectorAll("[data-testid=application-error]")].map((e) => e.textContent)');
  await fillLegalAidForm(s, {
    name: async () => {
      // An empty first screen does not lead on.
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="name"] [data-testid=application-error]');
      assert.ok((await errorsShown())[0].includes(fluent('zh-CN', 'error-answer-required')));
      await s.type('[data-testid=la-name]', '李四');
    },
    phone: async (_, usual) => {
      // A family member's number for the status SMS: only with their agreement, never one's own.
      await usual();
      await s.type('[data-testid=la-family-phone]', '13900139000');
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="phone"] [data-testid=application-error]');
      const unagreed = (await errorsShown()).join('');
      assert.ok(unagreed.includes(fluent('zh-CN', 'error-family-consent-needed')), unagreed);
      await s.click('[data-testid=la-family-consent]');
    },
    agent: async () => {
      // Applying for someone else with only the relation given: both other answers at once.
      await s.click('[data-testid=la-for-someone]');
      await s.type('[data-testid=la-agent-relation]', '子女');
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="agent"] [data-testid=application-error]');
      assert.equal((await errorsShown()).length, 2, 'the agent name and ID number, together');
      await s.screenshot(join(art, 'legal-application-zh-CN.png'));
      await s.click('[data-testid=la-for-someone]');
    },
    where: async () => {
      // No court and no place: asked for one here, not refused out of sight at the end.
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="where"] [data-testid=application-error]');
      const none = (await errorsShown()).join('');
      assert.ok(none.includes(fluent('zh-CN', 'error-legal-aid-no-place-given')), none);
      await pick(s, '[data-testid=la-obligor]', '350982');
    },
    urgent: async () => {
      // A date typed wrong is refused at its field, in Chinese.
      await s.type('[data-testid=la-deadline]', '2026-13-01');
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="urgent"] [data-testid=application-error]');
      const badDate = (await errorsShown()).join('');
      assert.ok(badDate.includes(fluent('zh-CN', 'error-date-format')), badDate);
      // (WebDriver's clear fires no input event: empty the field the way a person does.)
      await s.exec('const el = document.querySelector("[data-testid=la-deadline]"); el.value = ""; el.dispatchEvent(new Event("input", { bubbles: true }));');
    },
    materials: async () => {
      // The applicant's ID card is scanned with it.
      writeFileSync(join(process.env.BORDERDESK_SCAN_DIR, 'id-card.pdf'), '%PDF-1.7 scanned ID card');
      await s.click('[data-testid=la-scan-0]');
      await s.waitText('[data-testid=la-file-0]', (t) => t.includes('PDF'));
    },
    pledge: async () => {
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="pledge"] [data-testid=application-error]');
      const refused = (await errorsShown()).join('');
      assert.ok(refused.includes(fluent('zh-CN', 'error-answer-required')), refused);
      await s.click('[data-testid=la-pledge]');
    },
    sign: async (_, usual) => {
      // An empty pad is not a signature; a finger's strokes are.
      await s.click('[data-testid=la-next]');
      await s.find('form[data-step="sign"] [data-testid=application-error]');
      const empty = (await errorsShown()).join('');
      assert.ok(empty.includes(fluent('zh-CN', 'error-signature-empty')), empty);
      await usual();
      await s.screenshot(join(art, 'legal-sign-zh-CN.png'));
    },
  });
  const review = await s.text('[data-testid=legal-review]');
  assert.ok(review.includes(fluent('zh-CN', 'legal-review-signed')), review);
  assert.ok(review.includes('13900139000'), review);
  assert.ok(review.includes('某某建筑公司') && review.includes('福鼎'), review);
  await s.screenshot(join(art, 'legal-review-zh-CN.png'));
  // 修改 goes to that one question and straight back to the review.
  await s.click('[data-testid=la-change-opposing]');
  assert.equal(await s.exec('return document.querySelector("[data-testid=la-opposing]").value'), '某某建筑公司');
  await s.type('[data-testid=la-opposing]', '某某建筑工程公司');
  await s.click('[data-testid=la-next]');
  await s.waitText('[data-testid=legal-review]', (t) => t.includes('某某建筑工程公司'));
  await s.click('[data-testid=la-confirm]');
  await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  const routing = await s.text('[data-testid=legal-routing]');
  assert.ok(routing.includes('福鼎市法律援助中心'), routing);
  assert.ok(routing.includes(fluent('zh-CN', 'legal-aid-routing-cross-province')), routing);
  // The receipt is printed (saved as a PDF here): number, office and why, no personal data.
  const tn = await s.text('[data-testid=tracking-number]');
  await s.waitText('[data-testid=print-outcome]', (t) => t === fluent('zh-CN', 'receipt-saved'));
  const pdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${tn.replaceAll(' ', '')}.pdf`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of ['法律援助申请回执', tn, '福鼎市法律援助中心', '跨省转办']) {
    assert.ok(text.includes(expected), `receipt lacks ${expected}:\n${text}`);
  }
  assert.ok(!text.includes('330329199001011235'), 'no ID number on the receipt');
  const deciding = await s.text('[data-testid=legal-deciding]');
  assert.ok(deciding.includes('福鼎市法律援助中心') && deciding.includes(fluent('zh-CN', 'legal-aid-outcome-likely-eligible')), deciding);
  // Signed on the screen: the receipt says so, and the form and pledge print with the signature.
  assert.equal(await s.text('[data-testid=legal-signed]'), fluent('zh-CN', 'legal-form-signed-note'));
  assert.ok(text.includes(fluent('zh-CN', 'legal-slip-signed')), `the receipt says it was signed:\n${text}`);
  await s.click('[data-testid=la-print-form]');
  await s.waitText('[data-testid=la-form-print-outcome]', (t) => t === fluent('zh-CN', 'form-saved'));
  const formPdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${tn.replaceAll(' ', '')}-form.pdf`);
  const formText = execFileSync('pdftotext', ['-layout', formPdf, '-'], { encoding: 'utf8' });
  for (const expected of ['法律援助申请表', '个人诚信承诺书', '李四', '330329199001011235', '某某建筑工程公司', '福鼎市法律援助中心', '申请人（签名）：']) {
    assert.ok(formText.includes(expected), `the form lacks ${expected}:\n${formText}`);
  }
  const pictures = execFileSync('pdfimages', ['-list', formPdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
  assert.equal(pictures.length, 2, `the signature on the form and on the pledge:\n${pictures.join('\n')}`);
  // What the finger drew is on the picture: dark pixels where the strokes went.
  execFileSync('pdfimages', ['-f', '1', '-l', '1', formPdf, join(art, 'signature')]);
  const ppm = readFileSync(join(art, 'signature-000.ppm'));
  let dark = 0;
  for (let i = ppm.length - 720 * 288 * 3; i < ppm.length; i += 3) if (ppm[i] < 128) dark += 1;
  assert.ok(dark > 1500, `the signature picture holds the strokes: ${dark} dark pixels`);
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', formPdf, join(art, 'legal-form-printed')]);
  // Printed as often as the setting allows (2 by default), then refused in words.
  await s.click('[data-testid=la-print-form]');
  await s.waitText('[data-testid=la-form-print-outcome]', (t) => t === fluent('zh-CN', 'form-saved'));
  await s.click('[data-testid=la-print-form]');
  const refusedPrint = await s.text('[data-testid=la-form-print-error]');
  assert.ok(refusedPrint.includes(fluent('zh-CN', 'error-legal-aid-form-unavailable')), refusedPrint);
  await s.screenshot(join(art, 'legal-application-done-zh-CN.png'));
  await s.click('[data-testid=back-home]');
  await s.find('[data-testid=home-title]');
  // Once the person has gone the saved form (ID number, signature) is deleted, and their
  // number alone prints nothing.
  for (let i = 0; i < 50 && existsSync(formPdf); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(!existsSync(formPdf), 'the saved form left with the person');
  assert.equal(
    await commandAnswer(s, 'print_legal_aid_form', { trackingNumber: tn.replaceAll(' ', '') }),
    'error-legal-aid-form-unavailable',
  );

  assert.equal(await check('labour_relations_or_wages', '1', '100000'), 'likely_not');
  const alternatives = await s.text('[data-testid=legal-alternatives]');
  assert.ok(alternatives.length > 0, 'other free help is offered');
  await s.screenshot(join(art, 'legal-likely-not-zh-CN.png'));

  // From there, a consultation: saved offline with a tracking number.
  await s.click('[data-testid=to-consult]');
  await s.type('[data-testid=consult-topic]', '拖欠工资');
  await s.type('[data-testid=consult-question]', '老板欠了三个月工资怎么办？');
  await s.type('[data-testid=consult-phone]', '12345');
  await s.click('[data-testid=consult-send]');
  assert.ok((await s.text('[data-testid=consult-error]')).includes(fluent('zh-CN', 'error-phone-format')));
  await s.type('[data-testid=consult-phone]', '13800138000');
  await s.click('[data-testid=consult-send]');
  await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  assert.ok((await s.text('[data-testid=consult-office]')).includes('泰顺县法律援助中心'));
  await s.screenshot(join(art, 'legal-consult-done-zh-CN.png'));
  const consultNumber = await s.text('[data-testid=tracking-number]');
  await s.waitText('[data-testid=waiting-count]', (t) => /2/.test(t));
  await s.click('[data-testid=back-home]');

  // Tracked at the kiosk with the phone's last four, like any application.
  await s.click('[data-testid=tile-track]');
  await s.type('[data-testid=track-number-input]', consultNumber.replaceAll(' ', ''));
  await s.type('[data-testid=track-id-input]', '8000');
  await s.click('[data-testid=track-submit]');
  await s.find('[data-testid=legal-track]');
  // Still on this kiosk: no office has it, so it does not say "received".
  assert.equal(await s.text('[data-testid=track-status]'), fluent('zh-CN', 'legal-aid-progress-waiting'));
  await s.click('[data-testid=nav-home]');
});

// Remote video notarization at the kiosk, offline: matter → place → office → slot → applicant
// → receipt with a cancel code (printed) → look it up → cancel. Matters that cannot be done by
// video are shown with the reason, never hidden. Runs the real app in a real window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

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
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'notary.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

test('a citizen books a video notarization offline and cancels it with the code', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  await s.click('[data-testid=tile-notary]');
  // A will cannot be notarized by video: the reason is shown, the matter is not hidden.
  await s.click('[data-testid="matter-GZ-YZ"]');
  const why = await s.text('[data-testid=notary-in-person]');
  assert.ok(why.includes('遗嘱'), why);
  await s.screenshot(join(art, 'notary-matters-zh-CN.png'));

  await s.click('[data-testid="matter-GZ-QSGX"]');
  await s.click('[data-testid="county-330329"]');
  await s.find('[data-testid="office-GZC-330329"]');
  const offices = await s.exec('return [...document.querySelectorAll("[data-testid^=office-GZC]")].map(e => e.dataset.testid)');
  assert.equal(offices[0], 'office-GZC-330329', 'the office of the domicile comes first');
  // 打印材料清单: what to prepare, on paper before booking; a few a visit, then refused in words.
  const checklistPdf = join(process.env.BORDERDESK_RECEIPT_DIR, 'checklist-GZ-QSGX.pdf');
  for (let i = 0; i < 3; i++) {
    await s.click('[data-testid=print-checklist]');
    await s.waitText('[data-testid=checklist-print-outcome]', (t) => t === fluent('zh-CN', 'checklist-saved'));
    if (i === 0) {
      const checklist = execFileSync('pdftotext', [checklistPdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      for (const expected of ['公证材料清单', '亲属关系公证', '必需，请带原件']) {
        assert.ok(checklist.includes(expected), `the checklist lacks ${expected}:\n${checklist}`);
      }
    }
    await s.waitText('[data-testid=print-checklist]', (t) => t === fluent('zh-CN', 'notary-print-checklist'));
  }
  await s.click('[data-testid=print-checklist]');
  const limit = await s.text('[data-testid=checklist-error]');
  assert.ok(limit.includes('3'), limit);
  await s.screenshot(join(art, 'notary-checklist-limit-zh-CN.png'));
  await s.click('[data-testid="office-GZC-330329"]');

  const fresh = await s.waitText('[data-testid=slots-freshness]', (t) => t.length > 0);
  assert.equal(fresh, fluent('zh-CN', 'notary-slots-no-server'));
  await s.screenshot(join(art, 'notary-slots-zh-CN.png'));
  const start = await s.exec('return document.querySelector("[data-testid=slot]:not([aria-disabled])").dataset.start');
  await s.click(`[data-testid=slot][data-start="${start}"]`);

  await s.type('[data-testid=applicant-name]', '张三');
  await s.type('[data-testid=applicant-id]', '330329199001011236');
  await s.type('[data-testid=applicant-phone]', '13800138000');
  await s.click('[data-testid=book]');
  // A wrong ID number is refused on its field, in Chinese; nothing is booked.
  const err = await s.text('[data-testid=book-error]');
  assert.ok(err.includes(fluent('zh-CN', 'error-id-number-check-char')), err);
  await s.type('[data-testid=applicant-id]', '330329199001011235');
  // A family member's number for the same SMS: refused at its field until the citizen says
  // the family member agreed.
  await s.type('[data-testid=family-phone]', '13900139000');
  await s.click('[data-testid=book]');
  await s.waitText('#family_phone-error', (t) => t.includes(fluent('zh-CN', 'error-family-consent-needed')));
  await s.screenshot(join(art, 'notary-family-phone-zh-CN.png'));
  await s.click('[data-testid=family-consent]');
  await s.click('[data-testid=book]');

  const tn = await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  const status = await s.exec('return document.querySelector("[data-testid=booking-status]").dataset.status');
  assert.equal(status, 'pending', 'offline: pending until the notary office confirms');
  const code = await s.text('[data-testid=cancel-code]');
  // Eight characters in two groups, none of them a look-alike (0/O, 1/I/L ...).
  assert.match(code, /^[2-9ACDEFHJKMNPRTUVWXY]{4}-[2-9ACDEFHJKMNPRTUVWXY]{4}$/);
  await s.screenshot(join(art, 'notary-done-zh-CN.png'));
  // The booking receipt is printed (saved as a PDF here) with the cancel code on it.
  await s.waitText('[data-testid=print-outcome]', (t) => t.length > 0);
  const pdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${tn.replaceAll(' ', '')}.pdf`);
  assert.ok(existsSync(pdf), `no receipt at ${pdf}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const expected of ['预约回执', tn, code, '亲属关系公证', '浙江省泰顺县公证处', '待确认']) {
    assert.ok(text.includes(expected), `receipt lacks ${expected}:\n${text}`);
  }
  assert.ok(!text.includes('330329199001011235'), 'no ID number on the receipt');
  await s.click('[data-testid=back-home]');

  // Later: look it up and cancel with the code.
  await s.click('[data-testid=tile-notary]');
  await s.click('[data-testid=notary-find]');
  await s.type('[data-testid=booking-number]', tn);
  await s.type('[data-testid=booking-last-four]', '1235');
  await s.click('[data-testid=booking-look]');
  await s.find('[data-testid=booking-found]');
  await s.type('[data-testid=cancel-code-input]', code.endsWith('2') ? code.slice(0, -1) + '3' : code.slice(0, -1) + '2');
  await s.click('[data-testid=cancel-booking]');
  const wrong = await s.text('[data-testid=find-error]');
  assert.ok(wrong.includes(fluent('zh-CN', 'error-cancel-code-wrong')), wrong);
  // As an elderly citizen may type it: small letters, no dash.
  await s.type('[data-testid=cancel-code-input]', code.replace('-', '').toLowerCase());
  await s.screenshot(join(art, 'notary-find-zh-CN.png'));
  await s.click('[data-testid=cancel-booking]');
  await s.waitText('[data-testid=booking-status]', (t) => t.includes(fluent('zh-CN', 'notary-status-cancel-pending').slice(0, 4)));
  await s.screenshot(join(art, 'notary-cancelled-zh-CN.png'));
  await s.click('[data-testid=nav-home]');
});

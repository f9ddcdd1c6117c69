// A citizen at the kiosk: home → 浙闽通办 → search → an item → one question per screen → scan a
// material → check answers → change one answer → submit → tracking number and a receipt PDF →
// track it; then the language switch. Runs the real app in a real window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
const art = process.env.E2E_ARTIFACTS ?? tmpdir();

/** The value of a Fluent message in a language's UI file (simple one-line messages). */
function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl', 'receipt.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
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

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'kiosk.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

test('a citizen applies for 临时身份证明 offline and gets a tracking number', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  await s.screenshot(join(art, 'home-zh-CN.png'));
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.click('[data-testid=start-application]');

  const item = catalog.find((i) => i.code === 'ZM-HJ-001');
  const answers = {};
  let first = true;
  for (const q of item.questions) {
    if (q.show_if && answers[q.show_if.question] !== q.show_if.equals) continue;
    // Each question has its own screen: wait until it is this one's.
    await s.find(`form[data-question-id="${q.id}"]`);
    if (q.kind === 'choice') {
      const value = q.options[0].value;
      await s.click(`[data-testid="choice-${value}"]`);
      answers[q.id] = value;
    } else if (q.kind === 'id_number' && first) {
      // A mistyped ID number is refused on its own screen, in Chinese, and nothing moves on.
      await s.type('[data-testid=answer-input]', '110105194912310021');
      await s.click('[data-testid=next]');
      const msg = await s.text('[data-testid=answer-error]');
      assert.ok(msg.includes(fluent('zh-CN', 'error-id-number-check-char')), msg);
      await s.screenshot(join(art, 'interview-error-zh-CN.png'));
      first = false;
      await s.type('[data-testid=answer-input]', answerFor.id_number);
      answers[q.id] = answerFor.id_number;
    } else {
      const v = answerFor[q.kind] ?? '测试';
      await s.type('[data-testid=answer-input]', v);
      answers[q.id] = v;
    }
    await s.click('[data-testid=next]');
  }
  // The materials step: the photo is scanned (a page dropped into the scan folder), the
  // household register is left to its electronic licence.
  await s.find('[data-testid=materials]');
  const photo = item.materials.findIndex((m) => m.name['zh-CN'] === '近期免冠证件照片');
  assert.ok(photo >= 0, 'the sample item lists a photo');
  const scans = process.env.BORDERDESK_SCAN_DIR;
  // A minimal JPEG header is enough: the app recognises files by their first bytes.
  writeFileSync(join(scans, 'scan-0001.jpg'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40_000, 7)]));
  await s.click(`[data-testid=scan-${photo}]`);
  const scanned = await s.waitText(`[data-testid=material-file-${photo}]`, (t) => t.includes('JPEG'));
  assert.ok(scanned.includes('KB'), scanned);
  assert.equal(readdirSync(scans).length, 0, 'the scanned page left the scan folder');
  await s.screenshot(join(art, 'materials-zh-CN.png'));
  await s.click('[data-testid=materials-next]');

  await s.find('[data-testid=check-answers]');
  await s.screenshot(join(art, 'check-answers-zh-CN.png'));
  // Change one answer from the check page: its question comes back, then the summary.
  await s.click('[data-testid=change-phone]');
  await s.find('form[data-question-id="phone"]');
  await s.type('[data-testid=answer-input]', '13912345678');
  await s.click('[data-testid=next]');
  await s.waitText('[data-testid=check-answers]', (t) => t.includes('13912345678') && !t.includes(answerFor.phone));
  const photoLine = await s.text(`[data-testid=check-material-${photo}]`);
  assert.ok(photoLine.includes('已扫描（1 个文件）'), photoLine);
  await s.click('[data-testid=submit]');
  const tn = await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  assert.match(tn, /\d{4} \d{4} \d{4}/);
  // The receipt is printed (here: saved as a PDF) in Chinese, with the tracking number on it.
  await s.waitText('[data-testid=print-outcome]', (t) => t === fluent('zh-CN', 'receipt-saved'));
  const pdf = join(process.env.BORDERDESK_RECEIPT_DIR, `${tn.replaceAll(' ', '')}.pdf`);
  assert.ok(existsSync(pdf), `no receipt at ${pdf}`);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(tn), `receipt lacks ${tn}`);
  assert.ok(text.includes(item.name['zh-CN']), 'receipt lacks the item name');
  assert.ok(text.includes(item.handling_office['zh-CN']), 'receipt lacks the handling office');
  // The materials handed in: the scanned photo, and the register by electronic licence.
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes('近期免冠证件照片（已扫描提交）'), `receipt lacks the scanned photo:\n${text}`);
  assert.ok(flat.includes('居民户口簿（调用电子证照'), `receipt lacks the register:\n${text}`);
  assert.ok(!text.includes(answerFor.id_number), 'no ID number on the receipt');
  assert.ok(!text.includes('13912345678'), 'no phone number on the receipt');
  await s.screenshot(join(art, 'confirmation-zh-CN.png'));
  // The status line counts it as waiting to be sent (no server here).
  await s.waitText('[data-testid=waiting-count]', (t) => /1/.test(t));
  await s.click('[data-testid=back-home]');

  // Later, at the same kiosk: track it with the number and the ID number's last four.
  await s.click('[data-testid=tile-track]');
  await s.type('[data-testid=track-number-input]', tn.replaceAll(' ', ''));
  await s.type('[data-testid=track-id-input]', answerFor.id_number.slice(-4));
  await s.click('[data-testid=track-submit]');
  const status = await s.waitText('[data-testid=track-status]', (t) => t.length > 0);
  assert.equal(status, fluent('zh-CN', 'status-submitted'));
  await s.screenshot(join(art, 'track-zh-CN.png'));
  await s.click('[data-testid=nav-home]');
});

test('the language switch shows the home screen in English and back', async () => {
  await s.click('[data-testid=lang-en]');
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('en', 'home-title'));
  const lang = await s.exec('return document.documentElement.lang');
  assert.equal(lang, 'en');
  await s.screenshot(join(art, 'home-en.png'));
  await s.click('[data-testid=lang-zh-TW]');
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-TW', 'home-title'));
  await s.click('[data-testid=lang-zh-CN]');
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
});

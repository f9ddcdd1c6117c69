// Save now, finish later: a citizen stops half-way, takes the printed slip, and carries on
// from the code at the kiosk; the code works until the application is submitted (leaving
// again in between loses nothing that was saved). Runs the real app in a real window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const ITEM = 'ZM-HJ-001';

function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl', 'receipt.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
}

const answerFor = { name: '王五', id_number: '11010519491231002X', phone: '13800138000' };

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'resume.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

const given = {};
async function answer(q) {
  await s.find(`form[data-question-id="${q.id}"]`);
  if (q.kind === 'choice') {
    await s.click(`[data-testid="choice-${q.options[0].value}"]`);
    given[q.id] = q.options[0].value;
  } else {
    await s.type('[data-testid=answer-input]', answerFor[q.kind] ?? '测试');
  }
  await s.click('[data-testid=next]');
}

test('an application saved half-way comes back from the slip code until it is submitted', async () => {
  const item = catalog.find((i) => i.code === ITEM);
  const [first, second, ...rest] = item.questions;
  await s.waitText('[data-testid=home-title]', (t) => t === fluent('zh-CN', 'home-title'));
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click(`[data-testid="item-${ITEM}"]`);
  await s.click('[data-testid=start-application]');
  await answer(first);
  // On the second question the person has to leave: save for later.
  await s.find(`form[data-question-id="${second.id}"]`);
  await s.click('[data-testid=save-for-later]');
  const grouped = await s.waitText('[data-testid=resume-code]', (t) => /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(t));
  await s.screenshot(join(art, 'saved-zh-CN.png'));
  // The slip was printed (saved as a PDF here) with the code, and none of the answers.
  const slip = join(process.env.BORDERDESK_RECEIPT_DIR, `${grouped.replace('-', '')}.pdf`);
  await s.waitText('[data-testid=slip-outcome]', (t) => t.length > 0);
  assert.ok(existsSync(slip), `no slip at ${slip}`);
  const text = execFileSync('pdftotext', ['-layout', slip, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(grouped), `slip lacks ${grouped}:\n${text}`);
  assert.ok(text.includes(item.name['zh-CN']), 'slip lacks the item');
  assert.ok(!text.includes(answerFor.name), 'no answer on the slip');
  await s.click('[data-testid=back-home]');

  // Later: 继续办理 with the code (typed in lower case, without the dash).
  await s.click('[data-testid=tile-resume]');
  await s.type('[data-testid=resume-code-input]', grouped.replace('-', '').toLowerCase());
  await s.click('[data-testid=resume-submit]');
  // Back on the question where the person stopped; the person is called away again, and
  // 首页 asks first: leaving without saving keeps the slip good.
  await s.find(`form[data-question-id="${second.id}"]`);
  await s.click('[data-testid=nav-home]');
  await s.find('[data-testid=leave-guard]');
  await s.click('[data-testid=leave-discard]');
  await s.find('[data-testid=home-title]');
  await s.click('[data-testid=tile-resume]');
  await s.type('[data-testid=resume-code-input]', grouped);
  await s.click('[data-testid=resume-submit]');
  // The same place again; the first answer is still there.
  await answer(second);
  for (const q of rest) {
    if (q.show_if && given[q.show_if.question] !== q.show_if.equals) continue;
    await answer(q);
  }
  await s.click('[data-testid=materials-next]');
  const summary = await s.waitText('[data-testid=check-answers]', (t) => t.includes(answerFor.name));
  assert.ok(summary.includes(answerFor.phone) || second.kind !== 'phone', summary);
  await s.click('[data-testid=submit]');
  await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  await s.click('[data-testid=back-home]');

  // Submitted: the code is used up.
  await s.click('[data-testid=tile-resume]');
  await s.type('[data-testid=resume-code-input]', grouped);
  await s.click('[data-testid=resume-submit]');
  const err = await s.text('[data-testid=resume-error]');
  assert.ok(err.includes(fluent('zh-CN', 'error-resume-code-used')), err);
  await s.screenshot(join(art, 'resume-used-zh-CN.png'));
  await s.click('[data-testid=nav-home]');
});

// 给家人拍一下: the item page and the confirmation show a QR code a relative photographs. A
// screenshot of the real window is decoded with zbarimg (Debian's zbar-tools), as a phone
// would read it: the item, the tracking number, the checklist, and nothing personal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { fluent } from './fluent.mjs';
import { axe } from './a11y.mjs';
import { ANSWERS, applyForTemporaryId, fillLegalAidForm, goHome, toLegalAidForm } from './flows.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
const item = catalog.find((i) => i.code === 'ZM-HJ-001');

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'family-qr.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
});

/** Brings the code into view, screenshots the window and decodes what a camera would. */
async function scanFromScreen(name) {
  await s.find('[data-testid=family-qr] img');
  await s.exec('document.querySelector("[data-testid=family-qr]").scrollIntoView({ block: "center" })');
  await new Promise((r) => setTimeout(r, 300));
  const png = join(art, name);
  await s.screenshot(png);
  return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', png]).toString('utf8').trim();
}

test('the item page\'s code holds the item, its office and the checklist', async () => {
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  if (await s.exists('[data-testid=keyboard-close]')) await s.click('[data-testid=keyboard-close]');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.waitText('[data-testid=family-qr]', (t) => t.includes(fluent('zh-CN', 'family-qr-title')));
  const text = await scanFromScreen('family-qr-item-zh-CN.png');
  assert.ok(text.startsWith(`浙闽通办 · ${item.name['zh-CN']}`), text);
  assert.ok(text.includes(item.handling_office['zh-CN']), text);
  for (const m of item.materials) assert.ok(text.includes(m.name['zh-CN']), `${m.name['zh-CN']} not in\n${text}`);
  assert.ok(!text.includes('受理编号'), text);
  await goHome(s);
});

test('the confirmation\'s code holds the tracking number and nothing the citizen typed', async () => {
  await s.click('[data-testid=tile-services]');
  const grouped = await applyForTemporaryId(s);
  const text = await scanFromScreen('family-qr-confirmation-zh-CN.png');
  assert.ok(text.includes(`受理编号：${grouped.trim()}`), text);
  for (const m of item.materials) assert.ok(text.includes(m.name['zh-CN']), text);
  for (const typed of Object.values(ANSWERS)) assert.ok(!text.includes(typed), `${typed} in the code:\n${text}`);
  assert.deepEqual(await axe(s), []);
  await goHome(s);
});

test('a video notarization booking\'s code holds the matter, the office and what to bring', async () => {
  const reference = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-notary.json'), 'utf8'));
  const matter = reference.matters.find((m) => m.code === 'GZ-QSGX');
  await s.click('[data-testid=tile-notary]');
  await s.click('[data-testid="matter-GZ-QSGX"]');
  await s.click('[data-testid="county-330329"]');
  // The materials list, before an office is chosen, has its code too.
  const listed = await scanFromScreen('family-qr-notary-materials-zh-CN.png');
  assert.ok(listed.startsWith(`远程视频公证 · ${matter.name['zh-CN']}`), listed);
  for (const m of matter.materials) assert.ok(listed.includes(m.name['zh-CN']), listed);
  assert.ok(!listed.includes('受理编号'), listed);
  await s.click('[data-testid="office-GZC-330329"]');
  await s.click('[data-testid=slot]:not([aria-disabled])');
  await s.type('[data-testid=applicant-name]', '张三');
  await s.type('[data-testid=applicant-id]', '330329199001011235');
  await s.type('[data-testid=applicant-phone]', '13800138000');
  if (await s.exists('[data-testid=keyboard-close]')) await s.click('[data-testid=keyboard-close]');
  await s.click('[data-testid=book]');
  const grouped = await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  const text = await scanFromScreen('family-qr-notary-zh-CN.png');
  assert.ok(text.startsWith(`远程视频公证 · ${matter.name['zh-CN']}`), text);
  assert.ok(text.includes(`受理编号：${grouped.trim()}`), text);
  for (const m of matter.materials) assert.ok(text.includes(m.name['zh-CN']), text);
  for (const typed of ['张三', '330329199001011235', '13800138000']) assert.ok(!text.includes(typed), text);
  await goHome(s);
});

test('a legal aid application\'s code names the office, the number and what it may bring, and no answer', async () => {
  const grouped = await (async () => {
    await toLegalAidForm(s);
    await fillLegalAidForm(s);
    await s.click('[data-testid=la-confirm]');
    return s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  })();
  const text = await scanFromScreen('family-qr-legal-aid-zh-CN.png');
  assert.ok(text.startsWith(fluent('zh-CN', 'family-note-legal-aid-application')), text);
  assert.ok(text.includes(`受理编号：${grouped.trim()}`), text);
  assert.ok(text.includes('泰顺县法律援助中心'), text);
  assert.ok(text.includes(fluent('zh-CN', 'family-note-materials')), text);
  for (const typed of ['李四', '330329199001011235', '13800138000', '某某建筑公司', '工地拖欠']) {
    assert.ok(!text.includes(typed), `${typed} in the code:\n${text}`);
  }
  assert.deepEqual(await axe(s), []);
  await goHome(s);
});

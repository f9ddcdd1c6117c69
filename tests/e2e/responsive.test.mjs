// The same app on a 10-inch tablet (portrait and landscape), a 21-inch desk screen and a
// 27-inch kiosk: nothing spills sideways, nothing hides behind the header or footer, and every
// control keeps a touch-size target. Runs the real app in a real window, resized.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { goHome } from './flows.mjs';

const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const SIZES = [
  { name: 'tablet-portrait', width: 800, height: 1280 },
  { name: 'tablet-landscape', width: 1280, height: 800 },
  { name: 'desk-21', width: 1920, height: 1080 },
  { name: 'kiosk-27', width: 2560, height: 1440 },
];

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'responsive.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

/** What does not fit at this size, as readable lines (none is good). */
async function problems() {
  return s.exec(`
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push('page scrolls sideways: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
    const name = (el) => (el.dataset.testid || el.tagName.toLowerCase()) + ' "' + (el.textContent || '').trim().slice(0, 20) + '"';
    for (const el of document.querySelectorAll('button, a, input, select, textarea, [role=button]')) {
      if (!el.getClientRects().length || el.closest('.visually-hidden')) continue;
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1) out.push('off the right edge: ' + name(el));
      const link = el.classList.contains('link-button') || el.tagName === 'A';
      if (!link && (r.height < 44 || r.width < 44)) out.push('target ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' < 44: ' + name(el));
    }
    // A short label (首页, 朗读 ...) broken over lines reads as separate characters.
    for (const el of document.querySelectorAll('header button')) {
      const text = (el.textContent || '').trim();
      if (text.length > 6) continue;
      // A text node that needs more than one line box was broken.
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const boxes = [...range.getClientRects()].filter((r) => r.width > 0).length;
        if (boxes > 1) out.push('label broken over ' + boxes + ' lines: ' + name(el));
      }
    }
    return out;`);
}

for (const size of SIZES) {
  test(`the main screens fit a ${size.name} screen (${size.width}x${size.height})`, async () => {
    await s.cmd('POST', '/window/rect', { x: 0, y: 0, width: size.width, height: size.height });
    const found = [];
    const check = async (screen) => {
      for (const p of await problems()) found.push(`[${screen}] ${p}`);
    };
    await s.click('[data-testid=home-title], [data-testid=nav-home]');
    await s.find('[data-testid=home-title]');
    await check('home');
    await s.screenshot(join(art, `responsive-home-${size.name}.png`));
    await s.click('[data-testid=tile-services]');
    await s.find('[data-testid=popular-list]');
    await check('services');
    await s.type('[data-testid=services-search]', 'lssfzm');
    await s.click('[data-testid="item-ZM-HJ-001"]');
    await s.find('[data-testid=start-application]');
    await check('item');
    await s.click('[data-testid=start-application]');
    await s.find('form[data-question-id]');
    await check('interview');
    await goHome(s);
    await s.click('[data-testid=tile-notary]');
    await s.click('[data-testid="matter-GZ-QSGX"]');
    await s.click('[data-testid="county-330329"]');
    await s.click('[data-testid="office-GZC-330329"]');
    await s.find('[data-testid=slot]');
    await check('notary-slots');
    await s.screenshot(join(art, `responsive-slots-${size.name}.png`));
    await s.click('[data-testid=nav-home]');
    assert.equal(found.length, 0, `${found.length} problem(s):\n  ${found.join('\n  ')}`);
  });
}

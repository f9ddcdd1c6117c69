// Finding a service without a keyboard, and a kiosk forgetting an idle citizen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));
const art = process.env.E2E_ARTIFACTS ?? tmpdir();

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'browse.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

test('the most asked items and a life event reach a service without typing', async () => {
  await s.click('[data-testid=tile-services]');
  await s.find('[data-testid=popular-list]');
  const shown = await s.exec(
    'return [...document.querySelectorAll("[data-testid=popular-list] [data-testid^=item-]")].map(e => e.dataset.testid)',
  );
  const top = catalog
    .filter((i) => i.popular_rank)
    .sort((a, b) => a.popular_rank - b.popular_rank)
    .map((i) => `item-${i.code}`);
  assert.deepEqual(shown, top, 'the 20 most asked, most asked first');
  await s.click('[data-testid=life-event-new_baby]');
  await s.find('[data-testid=life-event-results]');
  const listed = await s.exec(
    'return [...document.querySelectorAll("[data-testid=life-event-results] [data-testid^=item-]")].map(e => e.dataset.testid.slice(5))',
  );
  const expected = catalog.filter((i) => i.life_events.includes('new_baby')).map((i) => i.code);
  assert.deepEqual([...listed].sort(), [...expected].sort());
  await s.screenshot(join(art, 'life-event-zh-CN.png'));
});

test('an idle kiosk warns, can be kept, and then forgets the citizen and their language', async () => {
  await s.click('[data-testid=nav-home]');
  // This citizen reads English; the next one must not be left with it.
  await s.click('[data-testid=lang-en]');
  await s.waitText('[data-testid=home-title]', (t) => t.length > 0 && !/[\u4e00-\u9fff]/.test(t));
  await s.click('[data-testid=tile-track]');
  await s.type('[data-testid=track-number-input]', '1234');
  // 10 s idle (BORDERDESK_IDLE_TIMEOUT in run.sh): the warning comes with a countdown.
  await s.find('[data-testid=idle-warning]', { timeout: 20000 });
  const countdown = await s.text('[data-testid=idle-countdown]');
  assert.match(countdown, /\d+/);
  await s.screenshot(join(art, 'idle-warning-zh-CN.png'));
  await s.click('[data-testid=idle-continue]');
  assert.equal(await s.exists('[data-testid=idle-warning]'), false);
  const kept = await s.exec('return document.querySelector("[data-testid=track-number-input]").value');
  assert.equal(kept, '1234', 'continuing keeps what was typed');
  // Left alone again: warning, then home, with nothing of the last person left.
  await s.find('[data-testid=idle-warning]', { timeout: 20000 });
  await s.find('[data-testid=home-title]', { timeout: 45000 });
  assert.equal(await s.exists('[data-testid=idle-warning]'), false);
  assert.equal(await s.exec('return document.documentElement.lang'), 'zh-CN', 'the next person starts in the device language');
  await s.click('[data-testid=tile-track]');
  const fresh = await s.exec('return document.querySelector("[data-testid=track-number-input]").value');
  assert.equal(fresh, '', 'the next person sees nothing of the last one');
});

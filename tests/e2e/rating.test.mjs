// 好差评 with a real server: a citizen finishes an application at the kiosk and rates it
// 不满意 with a reason; the rating reaches the server, and the site's desk finds it in its
// queue with its follow-up deadline and records the follow-up. A good rating is one tap; an
// offer nobody takes steps aside after the device's `rating_seconds`. axe and the elder sizes
// run on the confirmation with the rating on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { fluent } from './fluent.mjs';
import { axe, elderSizes, setElder } from './a11y.mjs';
import { applyForTemporaryId, goHome } from './flows.mjs';
import { createStaff, enroll, startServer, staffLogin } from './online.mjs';

const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PASSWORD = 'long enough secret';

let s;
let server;
before(async () => {
  let online;
  ({ server, ...online } = await startServer());
  await createStaff(online, {
    user_name: 'clerk-wu', display_name: '吴窗口', role: 'clerk',
    site_id: 'taishun-siqian', password: PASSWORD,
  });
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'rating.sqlite');
  enroll(online, db, 'taishun-siqian', '司前镇便民服务中心 自助机1');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
  server?.stdin.end();
});

test('a poor rating reaches the server and the site\'s desk records its follow-up', async () => {
  await s.click('[data-testid=tile-services]');
  const poor = (await applyForTemporaryId(s)).replaceAll(' ', '');
  await s.waitText('[data-testid=rate-service]', (t) => t.includes(fluent('zh-CN', 'rating-question')));
  // Below the receipt's content, never over it.
  const order = await s.exec(`const r = document.querySelector("[data-testid=rate-service]").getBoundingClientRect();
    const n = document.querySelector("[data-testid=tracking-number]").getBoundingClientRect();
    return r.top >= n.bottom;`);
  assert.ok(order, 'the rating sits below the tracking number');
  await s.exec('document.querySelector("[data-testid=rate-service]").scrollIntoView({ block: "center" })');
  await s.screenshot(join(art, 'rating-ask-zh-CN.png'));
  assert.deepEqual(await axe(s), []);
  await setElder(s, true);
  assert.deepEqual(await elderSizes(s), []);
  await s.screenshot(join(art, 'rating-ask-elder-zh-CN.png'));
  await setElder(s, false);

  await s.click('[data-testid=rate-dissatisfied]');
  await s.click('[data-testid=rate-reason-long_wait]');
  await s.exec('document.querySelector("[data-testid=rate-reasons]").scrollIntoView({ block: "center" })');
  await s.screenshot(join(art, 'rating-reasons-zh-CN.png'));
  await s.click('[data-testid=rate-send]');
  await s.waitText('[data-testid=rate-thanks]', (t) => t === fluent('zh-CN', 'rating-thanks-poor'));
  // Rated once: the offer does not come back on this screen.
  assert.equal(await s.exists('[data-testid=rate-dissatisfied]'), false);
  await goHome(s);

  // A good rating is one tap.
  await s.click('[data-testid=tile-services]');
  const good = (await applyForTemporaryId(s)).replaceAll(' ', '');
  await s.click('[data-testid=rate-very_satisfied]');
  await s.waitText('[data-testid=rate-thanks]', (t) => t === fluent('zh-CN', 'rating-thanks'));
  await goHome(s);

  // The desk of the site: the poor one (and only it) waits for its follow-up.
  await staffLogin(s, 'clerk-wu', PASSWORD);
  await s.waitText('[data-testid=clerk-who]', (t) => t.includes('吴窗口'));
  const row = `[data-testid=queue-row][data-kind=poor_rating][data-number="${poor}"]`;
  for (let i = 0; i < 60 && !(await s.exists(row)); i++) {
    await sleep(500);
    await s.click('[data-testid=clerk-refresh]');
  }
  const text = await s.text(row);
  assert.ok(text.includes(fluent('zh-CN', 'rating-level-dissatisfied')), text);
  assert.ok(text.includes('待回访'), text);
  assert.equal(await s.exists(`[data-testid=queue-row][data-kind=poor_rating][data-number="${good}"]`), false);
  await s.click(`${row} [data-testid=row-follow-up]`);
  // Nothing written: refused by the field.
  await s.click('[data-testid=follow-up-save]');
  await s.waitText('[data-testid=follow-up-error]', (t) => t.includes(fluent('zh-CN', 'error-answer-required')));
  await s.type('[data-testid=follow-up-outcome]', '已电话回访，说明了办理时限，群众表示理解');
  assert.deepEqual(await axe(s), []);
  await s.screenshot(join(art, 'rating-follow-up-zh-CN.png'));
  await s.click('[data-testid=follow-up-save]');
  await s.waitText(row, (t) => t.includes(fluent('zh-CN', 'desk-rating-followed-up')));
  assert.equal(await s.exists(`${row} [data-testid=row-follow-up]`), false);
  await s.click('[data-testid=clerk-logout]');
});

test('an offer nobody takes steps aside after rating_seconds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'borderdesk-rating-'));
  const app = join(dir, 'borderdesk');
  writeFileSync(app, `#!/bin/sh\nBORDERDESK_RATING_SECONDS=10 exec '${process.env.BORDERDESK_APP}' "$@"\n`);
  chmodSync(app, 0o755);
  await s.end();
  s = await Session.start(process.env.WEBDRIVER_URL, app, ['--db', join(dir, 'offline.sqlite')]);
  await s.find('[data-testid=home-title]');
  await s.click('[data-testid=tile-services]');
  await applyForTemporaryId(s);
  await s.find('[data-testid=rate-service]');
  // Looked at as it goes: an element gone between two WebDriver calls is gone too.
  const shown = () => s.exists('[data-testid=rate-service]').catch(() => false);
  for (let i = 0; i < 150 && (await shown()); i++) await sleep(100);
  assert.equal(await shown(), false, 'the offer stepped aside');
  // The receipt's screen is whole.
  assert.ok(await s.exists('[data-testid=tracking-number]'));
});

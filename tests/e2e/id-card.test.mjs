// 读身份证: the app on a simulated ID card reader (a pseudo-terminal speaking the SAM frames,
// `card-reader-sim`). The card fills the interview's name and ID number and the legal aid
// form's; no card in time, an expired card and a card taken away mid-read each say so by the
// button; the screen passes axe and the elder sizes with the offer on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { fluent } from './fluent.mjs';
import { axe, elderSizes, setElder } from './a11y.mjs';
import { applyForTemporaryId, goHome, fillLegalAidForm, toLegalAidForm } from './flows.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const dir = mkdtempSync(join(tmpdir(), 'borderdesk-card-'));
const cardFile = join(dir, 'card.json');
const link = join(dir, 'ttyUSB-idcard');

const CARD = {
  name: '王美娜',
  sex: 'female',
  nation_code: '01',
  birth_date: '1986-09-11',
  address: '浙江省泰顺县罗阳镇新城大道20号',
  id_number: '330329198609114465',
  issued_by: '泰顺县公安局',
  valid_from: '2011-03-03',
  valid_until: { kind: 'until', date: '2031-03-03' },
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Puts a card on the simulated reader (it looks at its card file every 100 ms). */
async function putCard(card = CARD, fault = 'none') {
  writeFileSync(cardFile, JSON.stringify({ card, fault }));
  await sleep(400);
}
async function takeAway() {
  rmSync(cardFile, { force: true });
  await sleep(400);
}

let sim;
let s;
before(async () => {
  sim = spawn(join(root, 'target/debug/card-reader-sim'), [link, cardFile], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    sim.stdout.once('data', resolve);
    sim.once('exit', (code) => reject(new Error(`card-reader-sim exited ${code}`)));
  });
  // The app as a kiosk with a reader set up the way a county sets one (device path, wait).
  const app = join(dir, 'borderdesk');
  writeFileSync(
    app,
    `#!/bin/sh\nBORDERDESK_CARD_READER='${link}' BORDERDESK_CARD_READER_WAIT=3 exec '${process.env.BORDERDESK_APP}' "$@"\n`,
  );
  chmodSync(app, 0o755);
  s = await Session.start(process.env.WEBDRIVER_URL, app, ['--db', join(dir, 'id-card.sqlite')]);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
  sim?.stdin.end();
  sim?.kill();
});

/** Puts the on-screen keyboard away when it came up for the field (a kiosk). */
async function keyboardAway() {
  if (await s.exists('[data-testid=keyboard-close]')) await s.click('[data-testid=keyboard-close]');
}
const value = (css) => s.exec(`return document.querySelector(${JSON.stringify(css)}).value`);

test('the card fills the name and the ID number of the interview, and the application goes in', async () => {
  await takeAway();
  await s.click('[data-testid=tile-services]');
  await applyForTemporaryId(s, {
    onQuestion: async (q) => {
      await keyboardAway();
      if (q.id === 'applicant_name') {
        await s.waitText('[data-testid=card-read]', (t) => t.includes(fluent('zh-CN', 'card-read-offer')));
        await putCard();
        await s.click('[data-testid=card-read-button]');
        await s.waitText('[data-testid=card-read-done]', (t) => t.includes(fluent('zh-CN', 'card-read-done')));
        assert.equal(await value('[data-testid=answer-input]'), CARD.name);
        await s.screenshot(join(art, 'id-card-read-zh-CN.png'));
        return true;
      }
      if (q.id === 'applicant_id_number') {
        // Already filled from the same read.
        assert.equal(await value('[data-testid=answer-input]'), CARD.id_number);
        return true;
      }
      // No offer where a card has nothing to give.
      assert.ok(!(await s.exists('[data-testid=card-read]')), `an offer on ${q.id}`);
      return false;
    },
    beforeSubmit: async () => {
      const check = await s.text('main');
      assert.ok(check.includes(CARD.name) && check.includes(CARD.id_number), check);
    },
  });
  await goHome(s);
});

test('no card in time, an expired card and a card taken away mid-read are each told by the button', async () => {
  await takeAway();
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await keyboardAway();
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.click('[data-testid=start-application]');
  await s.find('form[data-question-id="applicant_name"]');
  await keyboardAway();
  await s.click('[data-testid=card-read-button]');
  // While it waits it says what to do, with a way to stop.
  await s.waitText('[data-testid=card-read-waiting]', (t) => t.includes(fluent('zh-CN', 'card-read-waiting')));
  assert.ok(await s.exists('[data-testid=card-read-cancel]'));
  await s.waitText('[data-testid=card-read-error]', (t) => t.includes(fluent('zh-CN', 'error-card-not-present')), {
    timeout: 15000,
  });

  await putCard({ ...CARD, valid_from: '2006-05-01', valid_until: { kind: 'until', date: '2026-05-01' } });
  await s.click('[data-testid=card-read-button]');
  await s.waitText('[data-testid=card-read-error]', (t) => t.includes(fluent('zh-CN', 'error-id-card-expired')));
  // Nothing of the expired card was filled in.
  assert.equal(await value('[data-testid=answer-input]'), '');

  await putCard(CARD, 'removed_mid_read');
  await s.click('[data-testid=card-read-button]');
  await s.waitText('[data-testid=card-read-error]', (t) => t.includes(fluent('zh-CN', 'error-card-removed')), {
    timeout: 15000,
  });
  await s.screenshot(join(art, 'id-card-removed-zh-CN.png'));

  // The offer with its error passes axe, and in elder mode its sizes.
  assert.deepEqual(await axe(s), []);
  await setElder(s, true);
  assert.deepEqual(await elderSizes(s), []);
  await s.screenshot(join(art, 'id-card-elder-zh-CN.png'));
  await setElder(s, false);

  // Typing stays possible.
  await s.type('[data-testid=answer-input]', '张三');
  await s.click('[data-testid=next]');
  await s.find('form[data-question-id="applicant_id_number"]');
  await goHome(s);
});

test('the card fills the legal aid form\'s applicant', async () => {
  await putCard();
  await toLegalAidForm(s);
  await fillLegalAidForm(s, {
    name: async () => {
      await keyboardAway();
      await s.click('[data-testid=card-read-button]');
      await s.find('[data-testid=card-read-done]');
      assert.equal(await value('[data-testid=la-name]'), CARD.name);
    },
    id: async () => {
      assert.equal(await value('[data-testid=la-id]'), CARD.id_number);
    },
  });
  const review = await s.text('[data-testid=legal-review]');
  assert.ok(review.includes(CARD.name) && review.includes(CARD.id_number), review);
  await goHome(s);
});

test('the card fills who books a video notarization', async () => {
  await putCard();
  await s.click('[data-testid=tile-notary]');
  await s.click('[data-testid="matter-GZ-QSGX"]');
  await s.click('[data-testid="county-330329"]');
  await s.click('[data-testid="office-GZC-330329"]');
  await s.click('[data-testid=slot]:not([aria-disabled])');
  await s.find('[data-testid=applicant-name]');
  await keyboardAway();
  await s.click('[data-testid=card-read-button]');
  await s.find('[data-testid=card-read-done]');
  assert.equal(await value('[data-testid=applicant-name]'), CARD.name);
  assert.equal(await value('[data-testid=applicant-id]'), CARD.id_number);
  await goHome(s);
});

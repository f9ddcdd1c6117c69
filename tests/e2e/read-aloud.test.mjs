// Read aloud (朗读): what is read (the error on screen first, then headings, tiles, materials,
// options), in the person's language, through a stand-in engine that writes down what it was
// given; the button follows the engine back to 朗读 when it is done. With the real espeak-ng
// under Xvfb (no sound card) the person is told that nothing could be heard, not left
// waiting. Where no engine is installed the button says so in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { fluent } from './fluent.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();


function engineInstalled() {
  if (process.env.BORDERDESK_SPEECH === 'off') return false;
  try {
    execFileSync('sh', ['-c', 'command -v espeak-ng'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'read-aloud.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

/** The error line under the button (empty and hidden when there is none). */
const errorText = () =>
  s.exec('return document.querySelector("[data-testid=read-aloud-error]").textContent.trim()');
const BUTTON = '[data-testid=read-aloud]';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function noSoundCard() {
  return !existsSync('/proc/asound/cards') || /no soundcards/.test(readFileSync('/proc/asound/cards', 'utf8'));
}

test('the home screen can be read aloud; without speakers the person is told so', async () => {
  await s.find('[data-testid=home-title]');
  // Its icon is drawn: no emoji, which a kiosk without an emoji font shows as a box.
  const header = await s.exec('return document.querySelector("header").textContent');
  assert.ok(![...header].some((c) => c.codePointAt(0) >= 0x1f000), `an emoji in the header: ${header}`);
  assert.ok(await s.exists('[data-testid=read-aloud-icon]'));
  if (!engineInstalled()) {
    await s.waitText(BUTTON, (t) => t.includes(fluent('zh-CN', 'read-aloud-unavailable')));
    assert.equal(await s.exec(`return document.querySelector("${BUTTON}").getAttribute("aria-disabled")`), 'true');
    return;
  }
  await s.waitText(BUTTON, (t) => t.includes(fluent('zh-CN', 'read-aloud')));
  for (let i = 0; i < 2; i++) {
    await s.click(BUTTON);
    if (noSoundCard()) {
      // espeak-ng exits 0 here but could not open a sound device: said, not swallowed.
      await s.waitText('[data-testid=read-aloud-error]', (t) => t.includes(fluent('zh-CN', 'read-aloud-no-sound')));
      await s.screenshot(join(art, 'read-aloud-no-sound-zh-CN.png'));
    } else {
      await s.waitText(BUTTON, (t) => !t.includes(fluent('zh-CN', 'read-aloud-stop')), { timeout: 60000 });
      assert.equal(await errorText(), '');
    }
    await s.waitText(BUTTON, (t) => !t.includes(fluent('zh-CN', 'read-aloud-stop')));
  }
});

/** A stand-in espeak-ng that appends each text it is given to `read.txt` and talks for
 *  `seconds`; and the app started with it first on PATH. */
async function withStandIn(seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'borderdesk-speech-'));
  const engine = join(dir, 'espeak-ng');
  writeFileSync(engine, `#!/bin/sh\ncat >> '${dir}/read.txt'\necho '<<end>>' >> '${dir}/read.txt'\nsleep ${seconds}\n`);
  chmodSync(engine, 0o755);
  const app = join(dir, 'borderdesk');
  writeFileSync(app, `#!/bin/sh\nPATH='${dir}':"$PATH" BORDERDESK_SPEECH=on exec '${process.env.BORDERDESK_APP}' "$@"\n`);
  chmodSync(app, 0o755);
  await s.end();
  const db = join(dir, 'read-aloud.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, app, ['--db', db]);
  await s.find('[data-testid=home-title]');
  return () => (existsSync(join(dir, 'read.txt')) ? readFileSync(join(dir, 'read.txt'), 'utf8') : '');
}

/** Presses 朗读 and returns the text the engine got. */
async function readScreen(read) {
  const before = read().split('<<end>>').length;
  await s.click(BUTTON);
  for (let i = 0; i < 100 && read().split('<<end>>').length === before; i++) await sleep(100);
  const texts = read().split('<<end>>');
  return texts[texts.length - 2].trim();
}

test('it reads the tiles, the materials, the options and the error on screen first', async () => {
  const read = await withStandIn(2);
  const home = await readScreen(read);
  for (const id of ['tile-services', 'tile-services-desc', 'tile-track', 'tile-legal-aid']) {
    assert.ok(home.includes(fluent('zh-CN', id)), `${id} not read:\n${home}`);
  }
  // The button follows the engine: "stop" while it talks, back to 朗读 by itself after.
  await s.waitText(BUTTON, (t) => t.includes(fluent('zh-CN', 'read-aloud-stop')));
  await s.waitText(BUTTON, (t) => !t.includes(fluent('zh-CN', 'read-aloud-stop')), { timeout: 15000 });
  assert.equal(await errorText(), '');

  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.find('[data-testid=start-application]');
  const item = await readScreen(read);
  for (const m of ['居民户口簿', '近期免冠证件照片']) assert.ok(item.includes(m), `${m} not read:\n${item}`);
  // Stopped half-way: no error, back to 朗读.
  await s.click(BUTTON);
  await s.waitText(BUTTON, (t) => !t.includes(fluent('zh-CN', 'read-aloud-stop')));
  assert.equal(await errorText(), '');

  await s.click('[data-testid=start-application]');
  await s.find('form[data-question-id="applicant_name"]');
  await s.type('[data-testid=answer-input]', '张三');
  await s.click('[data-testid=next]');
  await s.find('form[data-question-id="applicant_id_number"]');
  await s.type('[data-testid=answer-input]', '110105194912310021');
  await s.click('[data-testid=next]');
  await s.find('[data-testid=answer-error]');
  const question = await readScreen(read);
  const first = question.split('。\n')[0];
  assert.ok(first.includes(fluent('zh-CN', 'error-id-number-check-char')), `the error first:\n${question}`);
  await s.click(BUTTON);
});

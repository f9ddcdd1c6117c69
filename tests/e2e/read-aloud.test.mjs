// Read aloud (朗读): the button is on the home screen and on a question screen, and pressing it
// starts reading (espeak-ng under Xvfb has no sound card: that must count as read, not fail
// or hang). Where no engine is installed the button says so in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();

function fluent(lang, id) {
  const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/ui.ftl`), 'utf8');
  const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
  if (!m) throw new Error(`no ${id} in ${lang}`);
  return m[1].trim();
}

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

/** Presses the button and checks what a person would see. */
async function pressAndCheck(screen) {
  const button = '[data-testid=read-aloud]';
  await s.find(button);
  if (!engineInstalled()) {
    await s.waitText(button, (t) => t.includes(fluent('zh-CN', 'read-aloud-unavailable')));
    assert.equal(await s.exec(`return document.querySelector("${button}").getAttribute("aria-disabled")`), 'true');
    return;
  }
  await s.waitText(button, (t) => t.includes(fluent('zh-CN', 'read-aloud')));
  await s.click(button);
  // Reading started: the button offers to stop, and no error is shown.
  await s.waitText(button, (t) => t.includes(fluent('zh-CN', 'read-aloud-stop')));
  assert.equal(await errorText(), '', `an error on ${screen}`);
  await s.screenshot(join(art, `read-aloud-${screen}.png`));
  // Pressing again stops it.
  await s.click(button);
  await s.waitText(button, (t) => !t.includes(fluent('zh-CN', 'read-aloud-stop')));
  assert.equal(await errorText(), '');
}

test('the home screen can be read aloud', async () => {
  await s.find('[data-testid=home-title]');
  // Its icon is drawn: no emoji, which a kiosk without an emoji font shows as a box.
  const header = await s.exec('return document.querySelector("header").textContent');
  assert.ok(![...header].some((c) => c.codePointAt(0) >= 0x1f000), `an emoji in the header: ${header}`);
  assert.ok(await s.exists('[data-testid=read-aloud-icon]'));
  await pressAndCheck('home');
});

test('a question screen can be read aloud, again and again', async () => {
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.click('[data-testid=start-application]');
  await s.find('form[data-question-id]');
  await pressAndCheck('question');
  // A second reading right after the first: the app neither hangs nor fails.
  await pressAndCheck('question');
});

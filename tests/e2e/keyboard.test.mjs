// The on-screen keyboard of a touch kiosk (屏幕键盘): a citizen taps pinyin on it, picks a
// candidate and finds the service; types an ID number (with its X) on the digits layout; the
// focused field is never under the keyboard, on a portrait tablet and a landscape screen; axe
// finds nothing serious with the keyboard open, in normal and elder mode, and the elder-mode
// keys are at least 60×60. Runs the real app in kiosk mode in a real window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { axe } from './a11y.mjs';
import { goHome } from './flows.mjs';

const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The idle timeout is 10 s in run.sh: a script that waits counts as someone at the screen.
const KB = '[data-testid=keyboard]';
const SIZES = [
  { name: 'portrait', width: 800, height: 1280 },
  { name: 'landscape', width: 1920, height: 1080 },
];

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'keyboard.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db, '--kiosk']);
  await s.find('[data-testid=home-title]');
});
after(async () => {
  await s?.end();
});

async function resize({ width, height }) {
  await s.cmd('POST', '/window/rect', { x: 0, y: 0, width, height });
  // Wait until the page has the new size.
  for (let i = 0; i < 30; i++) {
    const w = await s.exec('return window.innerWidth');
    if (Math.abs(w - width) < 40) break;
    await sleep(100);
  }
}

/** Waits until the text content of the first `css` satisfies `pred`; returns it. */
async function waitFor(css, pred, what) {
  let t = null;
  for (let i = 0; i < 50; i++) {
    t = await s.exec('return document.querySelector(arguments[0])?.textContent.trim() ?? null', [css]);
    if (t !== null && pred(t)) return t;
    await sleep(100);
  }
  throw new Error(`${what ?? css}: never as expected; last ${JSON.stringify(t)}`);
}

/** Taps keys of the on-screen keyboard, one after another. */
async function tap(keys) {
  for (const k of keys) await s.click(`${KB} [data-key="${k}"]`);
}

/** Taps the candidate that reads `text` (paging on if it is not on the first page). */
async function pick(text) {
  // The candidates for the last letter typed (they come a moment after the tap).
  await waitFor('[data-testid=keyboard-candidates]', () => true);
  for (let i = 0; i < 50; i++) {
    const ready = await s.exec(
      `return document.querySelector('[data-testid=keyboard-candidates]')?.dataset.for ===
              document.querySelector('[data-testid=keyboard-composing]')?.textContent.trim();`,
    );
    if (ready) break;
    await sleep(100);
  }
  for (let i = 0; i < 6; i++) {
    const ok = await s.exec(
      `const b = [...document.querySelectorAll('[data-testid=keyboard-candidate]')].find((b) => b.textContent.trim() === arguments[0]);
       if (b) b.setAttribute('data-pick', '1');
       return !!b;`,
      [text],
    );
    if (ok) {
      await s.click('[data-testid=keyboard-candidate][data-pick="1"]');
      return;
    }
    if (!(await s.exists('[data-testid=keyboard-next-page]:not([disabled])'))) break;
    await s.click('[data-testid=keyboard-next-page]');
  }
  throw new Error(`no candidate ${text}`);
}

/** The focused field and the keyboard's top, in the window. */
async function geometry() {
  return s.exec(`
    const f = document.activeElement;
    const kb = document.querySelector('[data-testid=keyboard]');
    const r = f.getBoundingClientRect();
    return { tag: f.tagName, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
             kbTop: kb ? kb.getBoundingClientRect().top : null, height: window.innerHeight, width: window.innerWidth };`);
}

async function assertFieldAboveKeyboard(where) {
  // The keyboard scrolls the field into view once it has been laid out.
  await sleep(300);
  const g = await geometry();
  assert.ok(g.kbTop !== null, `${where}: the keyboard is up`);
  assert.ok(g.tag === 'INPUT' || g.tag === 'TEXTAREA', `${where}: a field has focus (${g.tag})`);
  assert.ok(g.bottom <= g.kbTop, `${where}: field bottom ${g.bottom} is under the keyboard top ${g.kbTop}`);
  // Not under the header either: its top is inside the window, below the 88 px bar.
  assert.ok(g.top >= 88, `${where}: field top ${g.top} is under the header`);
  assert.ok(g.right <= g.width + 1, `${where}: field runs off the right edge`);
}

/** Key sizes and label sizes of the keyboard; the problems, one a line. */
function keySizes(min) {
  return s.exec(`
    const out = [];
    for (const b of document.querySelectorAll('[data-testid=keyboard] button')) {
      const r = b.getBoundingClientRect();
      const name = (b.getAttribute('aria-label') || b.textContent).trim();
      if (r.width < ${min} - 0.5 || r.height < ${min} - 0.5) out.push('key ' + name + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
      const fs = parseFloat(getComputedStyle(b).fontSize);
      if (${min} >= 60 && fs < 24) out.push('label ' + name + ' ' + fs + 'px < 24px');
      if (!b.getAttribute('aria-label') && !b.textContent.trim()) out.push('a key without a name');
    }
    return out;`);
}

async function setElder(on) {
  const pressed = await s.exec('return document.querySelector("[data-testid=elder-toggle]").getAttribute("aria-pressed")');
  if ((pressed === 'true') !== on) await s.click('[data-testid=elder-toggle]');
  await sleep(400);
}

test('pinyin on the on-screen keyboard finds a service', async () => {
  await resize(SIZES[1]);
  await s.click('[data-testid=tile-services]');
  await s.find('[data-testid=popular-list]');
  assert.equal(await s.exists(KB), false, 'no keyboard before a field has focus');
  await s.click('[data-testid=services-search]');
  await s.find(`${KB}[data-layout=pinyin]`);
  await tap('shenfenzheng');
  await waitFor('[data-testid=keyboard-composing]', (t) => t === 'shenfenzheng');
  const first = await waitFor('[data-testid=keyboard-candidate]', (t) => t !== '');
  assert.equal(first, '身份证', 'the word comes first');
  // Typing took nothing from the field yet; picking the candidate types it.
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '');
  await s.screenshot(join(art, 'keyboard-search-candidates-zh-CN.png'));
  await pick('身份证');
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '身份证');
  assert.equal(await s.exec('return document.activeElement.dataset.testid'), 'services-search', 'the field kept the focus');
  await waitFor('[data-testid=item-ZM-HJ-001]', (t) => t.includes('临时身份证明'));
  // The results are for 身份证: every one shown says so (name or keywords), the first by name.
  const names = await s.exec(
    'return [...document.querySelectorAll("[data-testid^=item-]")].map((e) => e.textContent.trim())',
  );
  assert.ok(names.length >= 1 && names[0].includes('身份证'), JSON.stringify(names));
  await assertFieldAboveKeyboard('search 1920x1080');
  await s.screenshot(join(art, 'keyboard-search-zh-CN.png'));

  // Backspace deletes from the field when nothing is being composed; initials work too.
  await tap(['backspace', 'backspace', 'backspace']);
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '');
  await tap('lssfzm');
  await pick('临时身份证明');
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '临时身份证明');

  await resize(SIZES[0]);
  await s.click('[data-testid=services-search]');
  await assertFieldAboveKeyboard('search 800x1280');
  await s.screenshot(join(art, 'keyboard-search-portrait-zh-CN.png'));

  // The close button puts it away; tapping the field brings it back.
  await s.click('[data-testid=keyboard-close]');
  await sleep(200);
  assert.equal(await s.exists(KB), false, 'closed');
  assert.equal(await s.exec('return document.activeElement.dataset.testid'), 'services-search');
  await s.click('[data-testid=keyboard-show]');
  await s.find(KB);
  // Leaving the field (a tap on a result) takes the keyboard away, and the result is reached.
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.find('[data-testid=start-application]');
  await sleep(500);
  assert.equal(await s.exists(KB), false, 'the keyboard went with the field');
});

test('an ID number on the digits layout, with its X; the field stays in view', async () => {
  await resize(SIZES[0]);
  await s.click('[data-testid=start-application]');
  await s.find('form[data-question-id="applicant_name"]');
  // A name in pinyin: 张 then 三, syllable by syllable.
  await s.click('[data-testid=answer-input]');
  await s.find(`${KB}[data-layout=pinyin]`);
  await tap('zhang');
  await pick('张');
  await tap('san');
  await pick('三');
  assert.equal(await s.exec('return document.querySelector("[data-testid=answer-input]").value'), '张三');
  await s.click('[data-testid=next]');

  await s.find('form[data-question-id="applicant_id_number"]');
  await s.click('[data-testid=answer-input]');
  await s.find(`${KB}[data-layout=digits]`);
  assert.ok(await s.exists(`${KB} [data-key="X"]`), 'X for the check digit');
  await tap('11010519491231002X'.split(''));
  assert.equal(await s.exec('return document.querySelector("[data-testid=answer-input]").value'), '11010519491231002X');
  await assertFieldAboveKeyboard('ID 800x1280');
  await s.screenshot(join(art, 'keyboard-id-number-portrait-zh-CN.png'));
  await resize(SIZES[1]);
  await s.click('[data-testid=answer-input]');
  await assertFieldAboveKeyboard('ID 1920x1080');
  await s.screenshot(join(art, 'keyboard-id-number-zh-CN.png'));
  // 完成 puts the keyboard away; the answer is taken as typed (the check digit included).
  await s.click(`${KB} [data-key=done]`);
  await s.click('[data-testid=next]');
  await s.find('form[data-question-id="phone"]');
  await s.click('[data-testid=answer-input]');
  await s.find(`${KB}[data-layout=digits]`);
  assert.equal(await s.exists(`${KB} [data-key="X"]`), false, 'no X for a phone number');
});

test('axe with the keyboard open, normal and elder mode; elder-mode keys at least 60×60', async () => {
  for (const elder of [false, true]) {
    await setElder(elder);
    await goHome(s);
    await s.click('[data-testid=tile-services]');
    await s.click('[data-testid=services-search]');
    await s.find(`${KB}[data-layout=pinyin]`);
    await tap('ni');
    await waitFor('[data-testid=keyboard-candidate]', (t) => t !== '');
    const found = await axe(s);
    const sizes = await keySizes(elder ? 60 : 44);
    assert.deepEqual([...found, ...sizes], [], `${elder ? 'elder' : 'normal'} mode, pinyin`);
    await assertFieldAboveKeyboard(`search, ${elder ? 'elder' : 'normal'} mode`);
    if (elder) await s.screenshot(join(art, 'keyboard-search-elder-zh-CN.png'));
    await tap(['digits']);
    await s.find(`${KB}[data-layout=digits]`);
    assert.deepEqual([...(await axe(s)), ...(await keySizes(elder ? 60 : 44))], [], `${elder ? 'elder' : 'normal'} mode, digits`);
    await tap(['letters']);
    await s.find(`${KB}[data-layout=pinyin]`);
  }
  await setElder(false);
});

test('on a desk (a real keyboard) it stays away unless its button is pressed', async () => {
  await s.end();
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'keyboard-desk.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  await s.find('[data-testid=home-title]');
  await s.click('[data-testid=tile-services]');
  // A mouse click or typing on the real keyboard brings nothing up.
  await s.click('[data-testid=services-search]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await sleep(400);
  assert.equal(await s.exists(KB), false, 'no keyboard on a desk');
  assert.equal(await s.exists('[data-testid=keyboard-show]'), false, 'no button for a mouse');
  // A finger on the field offers the keyboard's button, which brings it up.
  await s.exec(
    `const f = document.querySelector('[data-testid=services-search]');
     f.dispatchEvent(new PointerEvent('pointerdown', { pointerType: 'touch', bubbles: true }));
     f.focus();`,
  );
  await s.click('[data-testid=keyboard-show]');
  await s.find(`${KB}[data-layout=pinyin]`);
  assert.equal(await s.exec('return document.activeElement.dataset.testid'), 'services-search');
  await tap(['backspace', 'backspace', 'backspace', 'backspace', 'backspace', 'backspace']);
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '');
  await tap('yibao');
  await pick('医保');
  assert.equal(await s.exec('return document.querySelector("[data-testid=services-search]").value'), '医保');
  await s.click('[data-testid=keyboard-close]');
  await sleep(200);
  assert.equal(await s.exists(KB), false, 'closed again');
});

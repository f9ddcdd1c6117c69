// Shared accessibility checks for the end-to-end suite: axe-core run inside the real app
// window, and the elder-mode (长辈模式) sizes measured on the screen shown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const axeSource = readFileSync(join(root, 'ui/node_modules/axe-core/axe.min.js'), 'utf8');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The idle timeout is 10 s in run.sh; axe can take a few seconds. While the test waits on a
// script it counts as someone at the screen, so the idle warning does not cover the page.
export const KEEP_ALIVE = 'window.dispatchEvent(new Event("pointermove"));';

/** Runs axe-core on the page; returns the serious and critical violations, one line each. */
export async function axe(s) {
  await s.exec(
    `if (!window.axe) { ${axeSource}\n; }
     window.__axeResult = null;
     window.axe.run(document, { resultTypes: ['violations'] }).then(
       (r) => { window.__axeResult = JSON.stringify(r.violations); },
       (e) => { window.__axeResult = JSON.stringify({ error: String(e) }); });
     return true;`,
  );
  const until = Date.now() + 30000;
  let raw = null;
  while (Date.now() < until) {
    raw = await s.exec(`${KEEP_ALIVE} return window.__axeResult;`);
    if (raw) break;
    await sleep(200);
  }
  assert.ok(raw, 'axe did not finish within 30 s');
  const result = JSON.parse(raw);
  assert.ok(!result.error, `axe failed: ${result.error}`);
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n      ` +
        v.nodes.slice(0, 6).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`).join('\n      '),
    );
}

/** Elder-mode sizes on the screen shown; returns the problems, one line each. */
export function elderSizes(s) {
  return s.exec(`${KEEP_ALIVE}
    const problems = [];
    const seen = (el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden, [aria-hidden="true"]');
    const name = (el) => (el.dataset.testid ? '[data-testid=' + el.dataset.testid + ']' : el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')) + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"';
    const px = (el) => parseFloat(getComputedStyle(el).fontSize);
    // Body text: every element that shows text of its own.
    for (const el of document.querySelectorAll('.shell *')) {
      if (!seen(el)) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (own && px(el) < 24) problems.push('text ' + px(el) + 'px < 24px: ' + name(el));
      const lh = parseFloat(getComputedStyle(el).lineHeight);
      if (own && !Number.isNaN(lh) && lh / px(el) < 1.3 - 1e-6) problems.push('line height ' + (lh / px(el)).toFixed(2) + ' < 1.3: ' + name(el));
    }
    // Main functions: tile titles, primary buttons, the items to pick.
    for (const el of document.querySelectorAll('.tile-title, .button, .result-name, .life-event, .option-label')) {
      if (seen(el) && px(el) < 40) problems.push('main function ' + px(el) + 'px < 40px: ' + name(el));
    }
    // Touch targets: a radio button's target is its whole label.
    for (const el of document.querySelectorAll('.shell button, .shell a[href], .shell input, .shell select, .shell textarea, .shell [role=button]')) {
      if (el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
      const target = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
      const r = target.getBoundingClientRect();
      if (r.width < 60 - 0.5 || r.height < 60 - 0.5) problems.push('target ' + Math.round(r.width) + '×' + Math.round(r.height) + ' < 60×60: ' + name(target));
    }
    return problems;`);
}

export async function setElder(s, on) {
  const pressed = await s.exec('return document.querySelector("[data-testid=elder-toggle]").getAttribute("aria-pressed")');
  if ((pressed === 'true') !== on) await s.click('[data-testid=elder-toggle]');
  const cls = await s.exec('return document.documentElement.classList.contains("elder")');
  assert.equal(cls, on, `elder mode ${on ? 'on' : 'off'}`);
  await sleep(100);
}


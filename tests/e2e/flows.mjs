// Steps several end-to-end tests share: applying for 临时身份证明 (ZM-HJ-001) from the services
// screen through to the confirmation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));

/** 首页 from any screen: one where something is being filled in asks first (LeaveGuard), and
 *  the answers are left unsaved. */
export async function goHome(s) {
  await s.click('[data-testid=nav-home]');
  await s.find('[data-testid=home-title], [data-testid=leave-guard]');
  if (await s.exists('[data-testid=leave-guard]')) await s.click('[data-testid=leave-discard]');
  await s.find('[data-testid=home-title]');
}

/** Answers by question kind; the ID number's check character is right. */
export const ANSWERS = { name: '李四', id_number: '11010519491231002X', phone: '13800138000' };

/** On the services screen: finds ZM-HJ-001 by its pinyin initials, answers every question it
 *  asks (`onQuestion(q)` runs on each question's screen; when it returns true it has answered
 *  it), runs `beforeSubmit()` on the check page, submits, and returns the tracking number as
 *  the confirmation shows it (in groups of four). */
export async function applyForTemporaryId(s, { answers = ANSWERS, onQuestion, beforeSubmit } = {}) {
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.click('[data-testid=start-application]');
  const item = catalog.find((i) => i.code === 'ZM-HJ-001');
  const given = {};
  for (const q of item.questions) {
    if (q.show_if && given[q.show_if.question] !== q.show_if.equals) continue;
    await s.find(`form[data-question-id="${q.id}"]`);
    const answered = onQuestion ? await onQuestion(q) : false;
    if (answered) {
      // The hook answered it.
    } else if (q.kind === 'choice') {
      await s.click(`[data-testid="choice-${q.options[0].value}"]`);
      given[q.id] = q.options[0].value;
    } else {
      await s.type('[data-testid=answer-input]', answers[q.kind] ?? '测试');
    }
    await s.click('[data-testid=next]');
  }
  await s.find('[data-testid=materials]');
  await s.click('[data-testid=materials-next]');
  if (beforeSubmit) {
    await s.find('[data-testid=submit]');
    await beforeSubmit();
  }
  await s.click('[data-testid=submit]');
  return s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
}

/** Sets a <select> the way a person's pick does (WebDriver cannot pick an option by value). */
export async function pick(s, css, value) {
  await s.exec(`const el = document.querySelector(${JSON.stringify(css)}); el.value = ${JSON.stringify(value)};
    el.dispatchEvent(new Event("change", { bubbles: true }));`);
}

/** The legal aid form's screens in order, one question each. */
export const LEGAL_AID_STEPS = ['name', 'id', 'phone', 'agent', 'opposing', 'facts', 'when', 'court', 'where', 'urgent', 'materials', 'pledge', 'sign'];

/** 李四 written on the pad, roughly: strokes as fractions of the pad. */
export const SIGNATURE_STROKES = [
  [[0.12, 0.3], [0.2, 0.7], [0.28, 0.35]],
  [[0.35, 0.25], [0.36, 0.8]],
  [[0.45, 0.3], [0.6, 0.3], [0.55, 0.75], [0.7, 0.7]],
  [[0.75, 0.4], [0.88, 0.62]],
];

/** On the legal aid form's first screen: answers each screen up to the review page.
 *  `atStep[id](s, usual)` runs on that screen instead of the usual answer (which it may call)
 *  before its 下一步. */
export async function fillLegalAidForm(s, atStep = {}) {
  const answer = {
    name: () => s.type('[data-testid=la-name]', '李四'),
    id: () => s.type('[data-testid=la-id]', '330329199001011235'),
    phone: () => s.type('[data-testid=la-phone]', '13800138000'),
    opposing: () => s.type('[data-testid=la-opposing]', '某某建筑公司'),
    facts: () => s.type('[data-testid=la-facts]', '工地拖欠三个月工资。'),
    where: () => pick(s, '[data-testid=la-events]', '330329'),
    pledge: () => s.click('[data-testid=la-pledge]'),
    sign: () => s.draw('[data-testid=signature-pad]', SIGNATURE_STROKES),
  };
  const nothing = async () => {};
  for (const id of LEGAL_AID_STEPS) {
    await s.find(`form[data-step="${id}"]`);
    const usual = answer[id] ?? nothing;
    await (atStep[id] ? atStep[id](s, usual) : usual());
    await s.click('[data-testid=la-next]');
  }
  await s.find('[data-testid=legal-review]');
}

/** From home: a citizen checks eligibility for a wage claim (likely eligible) and opens the
 *  application form. */
export async function toLegalAidForm(s) {
  await s.click('[data-testid=tile-legal-aid]');
  await s.click('[data-testid=legal-check]');
  await s.click('[data-testid="matter-labour_relations_or_wages"]');
  await s.click('[data-testid=next]');
  await s.click('[data-testid=next]');
  await s.type('[data-testid=household-size]', '3');
  await s.type('[data-testid=household-income]', '1000');
  await s.click('[data-testid=check]');
  await s.click('[data-testid=to-apply]');
}

/** From home: a citizen checks eligibility for a wage claim and applies for legal aid with the
 *  pledge; returns the tracking number without spaces (the receipt is left for home). */
export async function applyForLegalAid(s) {
  await toLegalAidForm(s);
  await fillLegalAidForm(s);
  await s.click('[data-testid=la-confirm]');
  const tn = await s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
  await s.click('[data-testid=back-home]');
  return tn.replaceAll(' ', '');
}

/** Whether the outbox emptied (the footer's count reached 0) within `ms`. */
export async function outboxEmptied(s, ms = 30000) {
  for (const until = Date.now() + ms; Date.now() < until;) {
    const count = await s.exec('return document.querySelector("[data-testid=waiting-count]")?.dataset.count');
    if (count === '0') return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** What Rust answers the page's own call of a command: the error code, or 'ok' (its value is
 *  then in `window.__probeValue`). */
export async function commandAnswer(s, cmd, args = {}) {
  await s.exec(
    `window.__probe = undefined;
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(
       (v) => { window.__probeValue = v; window.__probe = 'ok'; },
       (e) => { window.__probe = e?.code ?? String(e); });`,
    [cmd, args],
  );
  for (let i = 0; i < 200; i++) {
    const v = await s.exec('return window.__probe ?? null');
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${cmd} did not answer`);
}

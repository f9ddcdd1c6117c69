// Steps several end-to-end tests share: applying for 临时身份证明 (ZM-HJ-001) from the services
// screen through to the confirmation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const catalog = JSON.parse(readFileSync(join(root, 'crates/local/data/sample-catalog.json'), 'utf8'));

/** Answers by question kind; the ID number's check character is right. */
export const ANSWERS = { name: '李四', id_number: '11010519491231002X', phone: '13800138000' };

/** On the services screen: finds ZM-HJ-001 by its pinyin initials, answers every question it
 *  asks (`onQuestion(q)` runs on each question's screen), submits, and returns the tracking
 *  number as the confirmation shows it (in groups of four). */
export async function applyForTemporaryId(s, { answers = ANSWERS, onQuestion } = {}) {
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.click('[data-testid="item-ZM-HJ-001"]');
  await s.click('[data-testid=start-application]');
  const item = catalog.find((i) => i.code === 'ZM-HJ-001');
  const given = {};
  for (const q of item.questions) {
    if (q.show_if && given[q.show_if.question] !== q.show_if.equals) continue;
    await s.find(`form[data-question-id="${q.id}"]`);
    if (onQuestion) await onQuestion(q);
    if (q.kind === 'choice') {
      await s.click(`[data-testid="choice-${q.options[0].value}"]`);
      given[q.id] = q.options[0].value;
    } else {
      await s.type('[data-testid=answer-input]', answers[q.kind] ?? '测试');
    }
    await s.click('[data-testid=next]');
  }
  await s.find('[data-testid=materials]');
  await s.click('[data-testid=materials-next]');
  await s.click('[data-testid=submit]');
  return s.waitText('[data-testid=tracking-number]', (t) => /\d{4} \d{4} \d{4}/.test(t));
}

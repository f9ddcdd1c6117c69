// The app's messages as the tests compare them: a one-line Fluent message by id, from the UI's
// file, Rust's messages or the receipts', in that order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

export function fluent(lang, id) {
  for (const file of ['ui.ftl', 'borderdesk.ftl', 'receipt.ftl']) {
    const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/${file}`), 'utf8');
    const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
    if (m) return m[1].trim();
  }
  throw new Error(`no ${id} in ${lang}`);
}

// Field mode (外出服务): an outreach laptop takes an application with no network, and closing its
// window with that work unsent is stopped with a question. The close request is the one a
// window manager's close button sends (WM_DELETE_WINDOW, through tests/e2e/close-window.py):
// "先不关" keeps the window, "仍然关闭" closes the app, and the work is still in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';
import { applyForTemporaryId } from './flows.mjs';

const root = new URL('../../', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fluent(lang, id) {
  const src = readFileSync(join(root, `crates/i18n/i18n/${lang}/ui.ftl`), 'utf8');
  const m = src.match(new RegExp(`^${id} = (.*)$`, 'm'));
  if (!m) throw new Error(`no ${id} in ${lang}`);
  return m[1].trim();
}

/** Sends the window manager's close request to the app's window. */
function askToClose() {
  execFileSync('/usr/bin/python3', [join(root, 'tests/e2e/close-window.py'), 'BorderDesk']);
}

/** Whether the app started on `db` still runs. */
function running(db) {
  try {
    execFileSync('pgrep', ['-f', db]);
    return true;
  } catch {
    return false;
  }
}

let s;
let db;
before(async () => {
  db = join(mkdtempSync(join(tmpdir(), 'borderdesk-e2e-')), 'field.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db, '--field']);
});
after(async () => {
  await s?.end().catch(() => {});
});

test('closing a field laptop with unsent work asks first, and closing anyway loses nothing', async () => {
  await s.find('[data-testid=home-title]');
  await s.click('[data-testid=tile-services]');
  const tn = (await applyForTemporaryId(s)).replaceAll(' ', '');

  // The close button: stopped, and the question says how much waits.
  askToClose();
  const title = await s.waitText('#close-unsent-title', (t) => t.length > 0);
  assert.equal(title, fluent('zh-CN', 'close-unsent-title').replace('{ $count }', '1'));
  await s.click('[data-testid=close-keep]');
  await sleep(300);
  assert.equal(await s.exists('[data-testid=close-unsent]'), false, 'the question is gone');
  assert.ok(running(db), 'the window stays open');
  assert.equal(await s.text('[data-testid=tracking-number]').then((t) => t.replaceAll(' ', '')), tn, 'nothing lost on screen');

  // Asked again, closing anyway ends the app; the application waits in the database.
  askToClose();
  await s.find('[data-testid=close-unsent]');
  // The window goes away under the click, so WebDriver may not get to answer it.
  await s.click('[data-testid=close-anyway]').catch(() => {});
  for (let i = 0; i < 50 && running(db); i++) await sleep(100);
  assert.equal(running(db), false, 'the app has closed');
  const waiting = execFileSync('sqlite3', [db, `SELECT count(*) FROM outbox o JOIN applications a ON a.id = o.record_id
    WHERE a.tracking_number = '${tn}' AND o.state = 'pending'`]).toString().trim();
  assert.equal(waiting, '1', 'the application still waits to be sent');
});

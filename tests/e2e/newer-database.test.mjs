// A device whose data file was written by a newer BorderDesk (after a downgrade, or a file
// copied from an updated machine): the app does not open it, says so in Chinese on its one
// page, and leaves the file byte for byte as it was.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from './webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const ftl = readFileSync(join(root, 'crates/i18n/i18n/zh-CN/borderdesk.ftl'), 'utf8');
const fluent = (id) => ftl.match(new RegExp(`^${id} = (.*)$`, 'm'))[1].trim();
const sha = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

let s;
after(async () => {
  await s?.end();
});

test('a database from a newer version is refused with a clear message and left as it is', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-newer-')), 'kiosk.sqlite');
  // This version makes the file; a newer one then added a migration this one does not know.
  execFileSync(process.env.BORDERDESK_CTL, ['--db', db, 'status'], { stdio: 'ignore' });
  execFileSync('sqlite3', [db,
    "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (29991231000000, 'from a newer app', 1, x'00', 0); PRAGMA wal_checkpoint(TRUNCATE);"]);
  const before = sha(db);

  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
  const message = await s.waitText('[data-testid=fatal-message]', (t) => t.length > 0);
  assert.equal(message, fluent('error-database-newer'));
  assert.equal(await s.text('[data-testid=fatal-title]'), fluent('app-cannot-start'));
  await s.screenshot(join(art, 'newer-database-zh-CN.png'));
  await s.end();
  s = undefined;
  assert.equal(sha(db), before, 'the file is left as the newer version wrote it');
});

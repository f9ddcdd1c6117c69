// The app as the Debian package installed it (/usr/bin/borderdesk, its bundled UI and data):
// it opens a real window under Xvfb on its embedded defaults and shows the home screen.
import { test, before, after } from 'node:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from '../e2e/webdriver.mjs';

const root = new URL('../../', import.meta.url).pathname;
const art = process.env.E2E_ARTIFACTS ?? tmpdir();
const title = readFileSync(join(root, 'crates/i18n/i18n/zh-CN/ui.ftl'), 'utf8').match(/^home-title = (.*)$/m)[1].trim();

let s;
before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'borderdesk-deb-')), 'kiosk.sqlite');
  s = await Session.start(process.env.WEBDRIVER_URL, process.env.BORDERDESK_APP, ['--db', db]);
});
after(async () => {
  await s?.end();
});

test('the installed app opens on the home screen', async () => {
  await s.waitText('[data-testid=home-title]', (t) => t === title);
  // The bundled catalog and its search index came with the package.
  await s.click('[data-testid=tile-services]');
  await s.type('[data-testid=services-search]', 'lssfzm');
  await s.find('[data-testid="item-ZM-HJ-001"]');
  await s.screenshot(join(art, 'installed-services-zh-CN.png'));
});

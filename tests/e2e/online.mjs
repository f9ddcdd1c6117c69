// The real BorderDesk server for online end-to-end tests: `e2e-server` on a throwaway
// PostgreSQL (it prints {"url", "admin_token"} and serves until its stdin closes), staff
// accounts made through the admin API, and the app's database enrolled with borderdesk-ctl.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

/** Starts the server; `{ server, url, adminToken, databaseUrl }` (end it with
 *  `server.stdin.end()`). */
export async function startServer() {
  const server = spawn(process.env.BORDERDESK_E2E_SERVER, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`e2e-server exited with ${code}`)));
  });
  const info = JSON.parse(first);
  return { server, url: info.url, adminToken: info.admin_token, databaseUrl: info.database_url };
}

/** Makes a staff account (`{ user_name, display_name, role, site_id, office_code?, password }`). */
export async function createStaff({ url, adminToken }, account) {
  const r = await fetch(`${url}/v1/admin/staff`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  assert.ok(r.ok, `creating ${account.user_name}: ${r.status} ${await r.text()}`);
}

/** Enrolls the app database `db` at `site` as the device `name`. */
export function enroll({ url, adminToken }, db, site, name) {
  execFileSync(process.env.BORDERDESK_CTL, [
    '--db', db, 'enroll', '--server', url, '--admin-token', adminToken, '--site', site, '--name', name,
  ]);
}

/** Logs a member of staff in on the clerk desk (from any screen with the footer link). */
export async function staffLogin(s, user, password) {
  await s.click('[data-testid=staff-entry]');
  await s.type('[data-testid=staff-user]', user);
  await s.type('[data-testid=staff-password]', password);
  await s.click('[data-testid=staff-login]');
}

/** The LAN key of `site`, as the server hands it to a device it enrolls there (a kiosk of the
 *  test's own, which signs its calls for help with it). */
export async function siteLanKey({ url, adminToken }, site) {
  const r = await fetch(`${url}/v1/devices`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e kiosk', site_id: site, provisional_code: null }),
  });
  assert.ok(r.ok, `enrolling a kiosk at ${site}: ${r.status}`);
  const { lan_key: key } = await r.json();
  assert.match(key, /^[0-9a-f]{64}$/);
  return key;
}

const LAN_MAC_DOMAIN = Buffer.from('borderdesk lan datagram v1\0');
const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };

/** A LAN datagram as a kiosk of `site` sends it (crates/local/src/lan.rs): the payload signed
 *  with the site's key over site, time, nonce and payload. */
export function sealLan(keyHex, site, datagram, sentAt = Math.floor(Date.now() / 1000)) {
  const payload = JSON.stringify(datagram);
  const nonce = randomBytes(16);
  const mac = createHmac('sha256', Buffer.from(keyHex, 'hex'))
    .update(LAN_MAC_DOMAIN)
    .update(u64(Buffer.byteLength(site))).update(site)
    .update(u64(sentAt)).update(nonce)
    .update(u64(Buffer.byteLength(payload))).update(payload)
    .digest('hex');
  return JSON.stringify({ site_id: site, sent_at: sentAt, nonce: nonce.toString('hex'), payload, mac });
}

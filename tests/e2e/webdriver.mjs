// A minimal W3C WebDriver client over fetch (Node 20), enough to drive the real BorderDesk
// window through tauri-driver + WebKitWebDriver, and the county console in Debian's Chromium
// through chromedriver. No npm packages needed.
import { writeFileSync } from 'node:fs';

// The W3C web element identifier key.
const ELEMENT = 'element-6066-11e4-a4ea-4a6e6b5f4b8e';
const elementId = (v) => v?.[ELEMENT] ?? Object.values(v ?? {})[0];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  /** The app's window (tauri-driver). */
  static start(base, application, args = []) {
    return Session.startWith(base, { browserName: 'wry', 'tauri:options': { application, args } });
  }

  /** A headless Chromium at an office screen's size (chromedriver); downloads go to
   *  `downloads`. */
  static chromium(base, { downloads, lang = 'zh-CN' } = {}) {
    return Session.startWith(base, {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--window-size=1366,768', `--lang=${lang}`],
        prefs: downloads
          ? { 'download.default_directory': downloads, 'download.prompt_for_download': false }
          : {},
      },
    });
  }

  static async startWith(base, alwaysMatch) {
    const value = await call(base, 'POST', '/session', { capabilities: { alwaysMatch } });
    return new Session(base, value.sessionId);
  }

  /** Opens a page (Chromium). */
  go(url) {
    return this.cmd('POST', '/url', { url });
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async end() {
    await this.cmd('DELETE', '').catch(() => {});
  }

  /** Waits until an element matching `css` exists (and is displayed), then returns its id. */
  async find(css, { timeout = 10000 } = {}) {
    const until = Date.now() + timeout;
    let last;
    while (Date.now() < until) {
      try {
        const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
        const id = elementId(v);
        this.elementKey = Object.keys(v)[0];
        const shown = await this.cmd('GET', `/element/${id}/displayed`).catch(() => true);
        if (shown) return id;
      } catch (e) {
        last = e;
      }
      await sleep(100);
    }
    throw new Error(`no element ${css} within ${timeout} ms: ${last?.message ?? 'not displayed'}`);
  }

  async exists(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.length > 0;
  }

  /** Clicks like a finger would: scrolled to the middle of the screen (clear of the fixed
   *  header and footer), retried while the screen is still settling. */
  async click(css, { timeout = 10000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      try {
        const id = await this.find(css, { timeout });
        await this.exec(
          'arguments[0].scrollIntoView({block: "center", inline: "center"});',
          [{ [this.elementKey ?? ELEMENT]: id }],
        );
        await this.cmd('POST', `/element/${id}/click`, {});
        return;
      } catch (e) {
        if (Date.now() > until || !/intercepted|stale|not interactable/.test(e.message)) throw e;
        await sleep(100);
      }
    }
  }

  async type(css, text) {
    const id = await this.find(css);
    await this.cmd('POST', `/element/${id}/clear`, {}).catch(() => {});
    await this.cmd('POST', `/element/${id}/value`, { text });
  }

  /** Presses keys together (a chord such as Alt+P): all down in order, then up in reverse.
   *  WebDriver key codes: \uE00A is Alt, \uE009 Control, \uE008 Shift. */
  async chord(...keys) {
    const down = keys.map((value) => ({ type: 'keyDown', value }));
    const up = [...keys].reverse().map((value) => ({ type: 'keyUp', value }));
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
  }

  /** Writes on `css` (a signature pad) like a finger: each stroke is a list of [x, y] as
   *  fractions of the element's box, pressed down at the first point and lifted after the last. */
  async draw(css, strokes) {
    const id = await this.find(css);
    const el = { [this.elementKey ?? ELEMENT]: id };
    await this.exec('arguments[0].scrollIntoView({block: "center", inline: "center"});', [el]);
    const box = await this.exec('const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];', [el]);
    const at = ([fx, fy]) => ({ x: Math.round(box[0] + fx * box[2]), y: Math.round(box[1] + fy * box[3]) });
    const actions = [];
    for (const stroke of strokes) {
      actions.push({ type: 'pointerMove', duration: 0, origin: 'viewport', ...at(stroke[0]) });
      actions.push({ type: 'pointerDown', button: 0 });
      for (const p of stroke.slice(1)) actions.push({ type: 'pointerMove', duration: 20, origin: 'viewport', ...at(p) });
      actions.push({ type: 'pointerUp', button: 0 });
    }
    await this.cmd('POST', '/actions', {
      actions: [{ type: 'pointer', id: 'finger', parameters: { pointerType: 'mouse' }, actions }],
    });
    await this.cmd('DELETE', '/actions').catch(() => {});
  }

  async text(css) {
    const id = await this.find(css);
    return this.cmd('GET', `/element/${id}/text`);
  }

  /** Waits until the text of `css` satisfies `pred`; returns it. */
  async waitText(css, pred, { timeout = 10000 } = {}) {
    const until = Date.now() + timeout;
    let t = '';
    while (Date.now() < until) {
      t = await this.text(css).catch(() => '');
      if (pred(t)) return t;
      await sleep(100);
    }
    throw new Error(`text of ${css} never matched; last: ${JSON.stringify(t)}`);
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  async screenshot(path) {
    // Let the last change paint first.
    await sleep(300);
    // Without compositing (the app's default, see BORDERDESK_COMPOSITING) WebKit takes the
    // snapshot at the page's next paint, and a still page does not paint: keep it painting, with
    // an outline nobody can see, for as long as a snapshot may take.
    await this.exec(`
      const root = document.documentElement;
      let n = 0;
      const tick = () => {
        root.style.outline = n++ % 2 ? '' : '1px solid rgba(0, 0, 0, 0.01)';
        if (n < 40) setTimeout(tick, 50);
        else root.style.outline = '';
      };
      setTimeout(tick, 50);`);
    const b64 = await this.cmd('GET', '/screenshot');
    writeFileSync(path, Buffer.from(b64, 'base64'));
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  }
  return json.value;
}

// browser.mjs: drives headless Chromium through playwright-core against
// hybi's echo server, for the interop tests.
//
//   node browser.mjs '{"url":"http://127.0.0.1:PORT/","chromium":"/usr/bin/chromium",
//                      "userDataDir":"/tmp/x","screenshot":"/tmp/echo.png"}'
//
// It prints JSON lines: {"ev":"result","message":NAME,"result":{...}} for
// each step, then {"ev":"done"}. Failures inside the page are reported in
// the results, not thrown, so the Go test can say precisely what differed.
import { chromium } from 'playwright-core';

const cfg = JSON.parse(process.argv[2]);

function emit(ev, fields = {}) {
  process.stdout.write(JSON.stringify({ ev, ...fields }) + '\n');
}

// suite runs in the page: every WebSocket exchange the test checks.
async function suite({ wsBase, sizes }) {
  const prefix = 'Hello, you sent -> ';

  // connect opens a socket and returns it with a queue of its events.
  function connect(path, protocols) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsBase + path, protocols);
      ws.binaryType = 'arraybuffer';
      const queue = [];
      let wake = null;
      const push = (e) => {
        queue.push(e);
        if (wake) {
          wake();
          wake = null;
        }
      };
      ws.onmessage = (e) => push({ type: 'message', data: e.data });
      ws.onclose = (e) => push({ type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean });
      ws.onerror = () => push({ type: 'error' });
      ws.next = async () => {
        while (queue.length === 0) {
          await new Promise((r) => { wake = r; });
        }
        return queue.shift();
      };
      ws.onopen = () => resolve(ws);
      setTimeout(() => reject(new Error('open timed out')), 10000);
    });
  }

  function pattern(n) {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      b[i] = (i * 131 + (i >> 9)) & 0xff;
    }
    return b;
  }

  function text(n) {
    const unit = 'chromium ↔ hybi: héllo wörld, 世界 🌍; ';
    let s = unit.repeat(Math.ceil(n / unit.length) + 1);
    const enc = new TextEncoder();
    // Cut to n bytes of UTF-8 or just under, on a code point boundary.
    let bytes = enc.encode(s).subarray(0, n);
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\uFFFD+$/, '');
  }

  const out = {};
  const ws = await connect('/', ['other.v0', 'echo.v1']);
  out.protocol = ws.protocol;
  out.extensions = ws.extensions;
  const welcome = await ws.next();
  out.welcome = welcome.data;

  out.messages = [];
  for (const n of sizes) {
    const t = text(n);
    ws.send(t);
    const r = await ws.next();
    out.messages.push({ kind: 'text', len: new TextEncoder().encode(t).length, ok: r.data === prefix + t });

    const b = pattern(n);
    ws.send(b.buffer);
    const rb = await ws.next();
    let ok = rb.data instanceof ArrayBuffer && rb.data.byteLength === prefix.length + n;
    if (ok) {
      const got = new Uint8Array(rb.data);
      const p = new TextEncoder().encode(prefix);
      for (let i = 0; i < p.length && ok; i++) ok = got[i] === p[i];
      for (let i = 0; i < n && ok; i++) ok = got[p.length + i] === b[i];
    }
    out.messages.push({ kind: 'binary', len: n, ok });
  }

  const utf8 = 'héllo wörld · 世界 · 🌍🚀 · \u{10FFFF} · Ω≈ç√';
  ws.send(utf8);
  out.utf8 = (await ws.next()).data === prefix + utf8;

  ws.close(4010, 'browser says bye');
  out.browserClose = await ws.next();

  const ws2 = await connect('/close', []);
  out.serverClose = await ws2.next();
  return out;
}

const browser = await chromium.launchPersistentContext(cfg.userDataDir, {
  executablePath: cfg.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 900, height: 640 },
  timeout: 60000,
});
try {
  const page = browser.pages()[0] || (await browser.newPage());
  page.setDefaultTimeout(20000);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.type() + ': ' + m.text()));

  await page.goto(cfg.url);
  await page.locator('#log li.received', { hasText: 'Hello, you sent -> Hello from client!' }).waitFor();
  await page.locator('#message').fill('typed in the page');
  await page.locator('#send-button').click();
  await page.locator('#log li.received', { hasText: 'Hello, you sent -> typed in the page' }).waitFor();
  await page.screenshot({ path: cfg.screenshot });
  await page.locator('#close-button').click();
  await page.locator('#log li', { hasText: 'Closed: code 1000' }).waitFor();
  emit('result', {
    message: 'page',
    result: {
      status: await page.locator('#status').textContent(),
      log: await page.locator('#log li').allTextContents(),
      console: consoleLines,
    },
  });

  const wsBase = cfg.url.replace(/^http/, 'ws').replace(/\/$/, '');
  emit('result', { message: 'suite', result: await page.evaluate(suite, { wsBase, sizes: cfg.sizes }) });
} finally {
  await browser.close();
}
emit('done');

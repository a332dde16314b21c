// peer.mjs: a Node ws endpoint driven over stdio by hybi's interop tests.
//
//   node peer.mjs server '<options JSON>'    listen on 127.0.0.1:0
//   node peer.mjs client '<options JSON>'    connect to options.url
//
// Options: perMessageDeflate (false or ws's object), protocols (client).
// Commands arrive on stdin as JSON lines and act on the current socket:
//   {"op":"send","data":"<base64>","binary":true,"fragments":3,"compress":true}
//   {"op":"ping","data":"<base64>"}      {"op":"close","code":4000,"reason":"x"}
//   {"op":"terminate"}                   {"op":"echo","on":true}
// Events leave on stdout as JSON lines:
//   listening{port} upgrade{request} open{extensions,agreed,protocol}
//   message{binary,len,sha256,data?} ping{data} pong{data}
//   close{code,reason,wasClean} error{message}
// Echo mode (the default) sends every message back with its type.
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import WebSocket, { WebSocketServer } from 'ws';

const [mode, rawOpts = '{}'] = process.argv.slice(2);
const opts = JSON.parse(rawOpts);
let socket = null;
let echo = true;

function emit(ev, fields = {}) {
  process.stdout.write(JSON.stringify({ ev, ...fields }) + '\n');
}

function attach(ws) {
  socket = ws;
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.concat(data);
    emit('message', {
      binary: isBinary,
      len: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
      data: buf.length <= 256 ? buf.toString('base64') : undefined,
    });
    if (echo) {
      ws.send(buf, { binary: isBinary });
    }
  });
  ws.on('ping', (d) => emit('ping', { data: d.toString('base64') }));
  ws.on('pong', (d) => emit('pong', { data: d.toString('base64') }));
  ws.on('close', (code, reason) => emit('close', { code, reason: reason.toString() }));
  ws.on('error', (err) => emit('error', { message: String(err && err.message) }));
}

function run(cmd) {
  if (cmd.op === 'echo') {
    echo = cmd.on;
    return;
  }
  if (!socket) {
    emit('error', { message: 'no socket for ' + cmd.op });
    return;
  }
  switch (cmd.op) {
    case 'send': {
      const data = Buffer.from(cmd.data || '', 'base64');
      const n = Math.max(1, cmd.fragments || 1);
      const step = Math.ceil(data.length / n);
      for (let i = 0; i < n; i++) {
        const chunk = data.subarray(i * step, Math.min(data.length, (i + 1) * step));
        socket.send(chunk, { binary: !!cmd.binary, fin: i === n - 1, compress: cmd.compress !== false });
      }
      break;
    }
    case 'ping':
      socket.ping(Buffer.from(cmd.data || '', 'base64'));
      break;
    case 'close':
      socket.close(cmd.code, cmd.reason);
      break;
    case 'terminate':
      socket.terminate();
      break;
    default:
      emit('error', { message: 'unknown op ' + cmd.op });
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== '') {
    run(JSON.parse(line));
  }
});
// The test owns this process: when it goes away, so do we.
process.stdin.on('end', () => process.exit(0));

const perMessageDeflate = opts.perMessageDeflate ?? false;
if (mode === 'server') {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate, maxPayload: 64 << 20 });
  let agreed = '';
  wss.on('headers', (headers, req) => {
    const line = headers.find((h) => /^sec-websocket-extensions:/i.test(h));
    agreed = line ? line.replace(/^[^:]*:\s*/, '') : '';
    emit('upgrade', { request: req.headers });
  });
  wss.on('connection', (ws) => {
    attach(ws);
    emit('open', { extensions: ws.extensions, agreed, protocol: ws.protocol });
  });
  wss.on('listening', () => emit('listening', { port: wss.address().port }));
} else if (mode === 'client') {
  const ws = new WebSocket(opts.url, opts.protocols || [], { perMessageDeflate, maxPayload: 64 << 20 });
  attach(ws);
  let agreed = '';
  ws.on('upgrade', (res) => {
    agreed = res.headers['sec-websocket-extensions'] || '';
  });
  ws.on('open', () => emit('open', { extensions: ws.extensions, agreed, protocol: ws.protocol }));
} else {
  process.stderr.write('usage: node peer.mjs server|client [options JSON]\n');
  process.exit(2);
}

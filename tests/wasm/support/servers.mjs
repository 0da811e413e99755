// Helper servers for the wasm tests, on 127.0.0.1 only (started and stopped by
// scripts/test-wasm, by PID):
//
//   node tests/wasm/support/servers.mjs --moto http://127.0.0.1:PORT
//
// prints, once both listen:
//   STRATUS_WASM_PROXY_URL=http://127.0.0.1:P   CORS proxy in front of moto (Chromium run)
//   STRATUS_WASM_HANG_URL=http://127.0.0.1:Q    accepts connections, never answers (timeouts)
//
// Why a CORS proxy: a page may only call moto cross-origin if moto's answers carry CORS
// headers. moto does send them (flask-cors), but, like S3, it answers the preflight of a
// request to a bucket that does not exist yet (CreateBucket) with 403, which fails the
// preflight; and it lists no Access-Control-Expose-Headers, so the page could not read
// ETag or x-amz-request-id. The proxy answers preflights itself, as a bucket whose CORS
// rules allow everything would, and passes every other request to moto unchanged (same
// method, path, headers including Host, and body), adding the CORS response headers.
import http from 'node:http';
import net from 'node:net';

function argument(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const motoArg = argument('--moto');
if (!motoArg) {
  console.error('usage: node servers.mjs --moto http://127.0.0.1:PORT');
  process.exit(2);
}
const moto = new URL(motoArg);

function corsHeaders(request) {
  return { 'access-control-allow-origin': request.headers.origin ?? '*', vary: 'Origin' };
}

const proxy = http.createServer((request, response) => {
  if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
    response.writeHead(204, {
      ...corsHeaders(request),
      'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE, PATCH',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
      'access-control-max-age': '600',
    });
    response.end();
    return;
  }
  const upstream = http.request(
    { host: moto.hostname, port: moto.port, method: request.method, path: request.url, headers: request.headers },
    (answer) => {
      const headers = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (!name.startsWith('access-control-') && name !== 'vary') headers[name] = value;
      }
      response.writeHead(answer.statusCode ?? 502, {
        ...headers,
        ...corsHeaders(request),
        'access-control-expose-headers': '*',
      });
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    console.error(`proxy: ${request.method} ${request.url}: ${error.message}`);
    if (!response.headersSent) response.writeHead(502, corsHeaders(request));
    response.end();
  });
  request.pipe(upstream);
});

const held = new Set();
const hang = net.createServer((socket) => {
  held.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => held.delete(socket));
});

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

const [proxyPort, hangPort] = await Promise.all([listen(proxy), listen(hang)]);
console.log(`STRATUS_WASM_PROXY_URL=http://127.0.0.1:${proxyPort}`);
console.log(`STRATUS_WASM_HANG_URL=http://127.0.0.1:${hangPort}`);

function stop() {
  for (const socket of held) socket.destroy();
  proxy.closeAllConnections?.();
  proxy.close();
  hang.close();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

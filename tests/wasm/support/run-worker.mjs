// Runs the stratus-wasm-tests scenarios inside workerd and checks the worker's JSON answers.
//
//   node tests/wasm/support/run-worker.mjs --workerd BIN --pkg DIR --work DIR \
//        --moto http://127.0.0.1:P --hang http://127.0.0.1:Q
//
// --pkg holds the `wasm-bindgen --target web` output (stratus_wasm_tests.js and
// stratus_wasm_tests_bg.wasm). The worker, the glue, the module and a generated config.capnp
// are copied into --work; workerd serves on a free 127.0.0.1 port and may open connections
// to loopback addresses only (the `internet` service allows "local", nothing else). workerd
// is stopped by its PID. Prints one `test NAME ... ok|FAILED` line per scenario, then
// `workerd result: N passed; N failed`; exits 1 when any failed.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function argument(name) {
  const i = process.argv.indexOf(name);
  const value = i > 0 ? process.argv[i + 1] : undefined;
  if (!value) {
    console.error(`run-worker.mjs: missing ${name}`);
    process.exit(2);
  }
  return value;
}

const workerd = argument('--workerd');
const pkg = argument('--pkg');
const work = argument('--work');
const motoUrl = argument('--moto');
const hangUrl = argument('--hang');
const here = path.dirname(fileURLToPath(import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const capnpText = (value) => JSON.stringify(value); // a JSON string is a valid capnp Text literal

function config(port) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .stratusWorker),
    (name = "internet", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = ${capnpText(`127.0.0.1:${port}`)}, http = (), service = "main")],
);

const stratusWorker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "stratus_wasm_tests.js", esModule = embed "stratus_wasm_tests.js"),
    (name = "stratus_wasm_tests_bg.wasm", wasm = embed "stratus_wasm_tests_bg.wasm"),
  ],
  compatibilityDate = "2024-09-23",
  bindings = [
    (name = "MOTO_URL", text = ${capnpText(motoUrl)}),
    (name = "HANG_URL", text = ${capnpText(hangUrl)}),
  ],
);
`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function get(url, timeoutMs) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: await response.text() };
}

// Starts workerd; resolves with { child, base } once GET /scenarios answers.
async function start() {
  mkdirSync(work, { recursive: true });
  copyFileSync(path.join(here, 'worker.mjs'), path.join(work, 'worker.mjs'));
  for (const file of ['stratus_wasm_tests.js', 'stratus_wasm_tests_bg.wasm']) {
    copyFileSync(path.join(pkg, file), path.join(work, file));
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    writeFileSync(path.join(work, 'config.capnp'), config(port));
    const log = openSync(path.join(work, 'workerd.log'), 'w');
    const child = spawn(workerd, ['serve', path.join(work, 'config.capnp')], { stdio: ['ignore', log, log] });
    let exited = false;
    child.on('exit', () => { exited = true; });
    child.on('error', (error) => {
      exited = true;
      console.error(`workerd: ${error.message}`);
    });
    const base = `http://127.0.0.1:${port}`;
    for (let waited = 0; waited < 30_000 && !exited; waited += 200) {
      try {
        const { status } = await get(`${base}/scenarios`, 2_000);
        if (status === 200) return { child, base };
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    await stop(child);
    console.error(`workerd: start attempt ${attempt} failed (log: ${path.join(work, 'workerd.log')})`);
  }
  throw new Error('could not start workerd');
}

// Stops workerd (SIGTERM, then SIGKILL after 5 s) and waits until it has exited.
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const { child, base } = await start();
let passed = 0;
let failed = 0;
try {
  const scenarios = JSON.parse((await get(`${base}/scenarios`, 5_000)).body);
  for (const scenario of scenarios) {
    let outcome;
    try {
      const { status, body } = await get(`${base}/run/${scenario}`, 120_000);
      const answer = JSON.parse(body);
      outcome = status === 200 && answer.ok === true && answer.scenario === scenario
        ? { ok: true, detail: JSON.stringify(answer.summary) }
        : { ok: false, detail: answer.error ?? body };
    } catch (error) {
      outcome = { ok: false, detail: String(error?.message ?? error) };
    }
    if (outcome.ok) passed++; else failed++;
    console.log(`test ${scenario} ... ${outcome.ok ? 'ok' : 'FAILED'}`);
    console.log(`    ${outcome.detail}`);
  }
} finally {
  await stop(child);
}
if (passed + failed === 0) failed = 1;
console.log(`workerd result: ${passed} passed; ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// A workerd worker that runs the stratus-wasm-tests scenarios (src/lib.rs) through the
// `wasm-bindgen --target web` glue. run-worker.mjs builds its config and drives it:
//   GET /scenarios       -> ["s3_put_get_list", ...]
//   GET /run/<scenario>  -> 200 {"ok": true, "summary": {...}} or 500 {"ok": false, "error": "..."}
// MOTO_URL and HANG_URL are text bindings from the config.
import { initSync, runScenario, scenarioNames } from './stratus_wasm_tests.js';
import wasmModule from './stratus_wasm_tests_bg.wasm';

initSync({ module: wasmModule });

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/scenarios') return Response.json(scenarioNames());
    const match = /^\/run\/([a-z0-9_]+)$/.exec(pathname);
    if (!match) return new Response('not found\n', { status: 404 });
    const scenario = match[1];
    try {
      const summary = await runScenario(scenario, env.MOTO_URL, env.HANG_URL);
      return Response.json({ ok: true, scenario, summary: JSON.parse(summary) });
    } catch (error) {
      return Response.json({ ok: false, scenario, error: String(error?.message ?? error) }, { status: 500 });
    }
  },
};

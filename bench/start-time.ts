// `npm start` until /health answers, against a bare Node HTTP server started the same way: with the stack's template
// synthesized and the runtime bundled (a first start, or a changed source); from the caches with a new data folder
// (which indexes the screening list and issues the people's first tokens); and a restart on the same data folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/project.js';
import { TEMPLATE_CACHE } from '../local/template-cache.js';
import { median, result, type Result } from './measure.js';

/** Where local/launch.mjs keeps the runtime's bundle. */
const START_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'liaison-start');

const RUNS = 3;
const NODE = process.execPath;
const BARE_SERVER =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(0, function () {" +
  " console.log('Liaison is running at http://localhost:' + this.address().port) })";

/** Milliseconds from spawning the command to the first 200 from its /health; a new data folder unless given one. */
function timeToHealthy(args: string[], keep?: string): Promise<number> {
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'liaison-bench-start-'));
  const started = performance.now();
  const child = spawn(NODE, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', LIAISON_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', async (chunk) => {
      const before = output;
      output += chunk;
      const url = output.match(/Liaison is running at (http:\/\/\S+)/)?.[1];
      if (!url || before.includes('Liaison is running at')) return;
      const health = await fetch(`${url}/health`).catch(reject);
      const elapsed = performance.now() - started;
      child.kill('SIGTERM');
      if (health?.status === 200) resolve(elapsed);
      else reject(new Error(`/health answered ${health?.status}`));
    });
    child.on('exit', () => {
      if (!keep) rmSync(dataDir, { recursive: true, force: true });
    });
  });
}

export async function startTimes(): Promise<Result[]> {
  const start = ['local/launch.mjs']; // what npm start runs
  const bare: number[] = [];
  const synthesized: number[] = [];
  const cached: number[] = [];
  const restarted: number[] = [];
  const kept = mkdtempSync(join(tmpdir(), 'liaison-bench-start-'));
  try {
    for (let run = 0; run < RUNS; run++) {
      bare.push(await timeToHealthy(['-e', BARE_SERVER]));
      for (const cache of [TEMPLATE_CACHE, START_CACHE]) rmSync(cache, { recursive: true, force: true });
      synthesized.push(await timeToHealthy(start));
      cached.push(await timeToHealthy(start));
      if (run === 0) await timeToHealthy(start, kept); // the data folder's first start
      restarted.push(await timeToHealthy(start, kept));
    }
  } finally {
    rmSync(kept, { recursive: true, force: true });
  }
  const note = 'from the command to /health; baseline: a bare Node HTTP server started the same way';
  return [
    result('npm start until healthy, first start (synthesize, bundle)', median(synthesized), 'ms', median(bare), note),
    result('npm start until healthy, new data folder', median(cached), 'ms', median(bare), note),
    result('npm start until healthy, restart', median(restarted), 'ms', median(bare), note),
  ];
}

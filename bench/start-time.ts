// `npm start` until /health answers: with the stack's template synthesized (a first start, or a changed stack) and
// read from the cache (an unchanged stack), against a bare Node HTTP server started the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../infra/project.js';
import { TEMPLATE_CACHE } from '../local/template-cache.js';
import { median, result, type Result } from './measure.js';

const RUNS = 3;
const NODE = process.execPath;
const BARE_SERVER =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(0, function () {" +
  " console.log('Liaison is running at http://localhost:' + this.address().port) })";

/** Milliseconds from spawning the command to the first 200 from its /health. */
function timeToHealthy(args: string[], env: Record<string, string> = {}): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaison-bench-start-'));
  const started = performance.now();
  const child = spawn(NODE, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', LIAISON_DATA_DIR: dataDir, ...env },
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
    child.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  });
}

export async function startTimes(): Promise<Result[]> {
  const start = ['--import', 'tsx', 'local/start.ts'];
  const bare: number[] = [];
  const synthesized: number[] = [];
  const cached: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    bare.push(await timeToHealthy(['-e', BARE_SERVER]));
    rmSync(TEMPLATE_CACHE, { recursive: true, force: true });
    synthesized.push(await timeToHealthy(start));
    cached.push(await timeToHealthy(start));
  }
  const note = 'from the command to /health; baseline: a bare Node HTTP server started the same way';
  return [
    result('npm start until healthy, template synthesized', median(synthesized), 'ms', median(bare), note),
    result('npm start until healthy, template from the cache', median(cached), 'ms', median(bare), note),
  ];
}

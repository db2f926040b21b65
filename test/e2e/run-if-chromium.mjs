// `npm test` runs the browser tests when Debian's chromium is installed, and says so when it is not.
// CI sets LIAISON_REQUIRE_BROWSER=1, so a missing browser fails there instead of passing quietly.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const message = `browser tests NOT run: no chromium at ${chromium} (install it with: apt-get install chromium)`;
  if (process.env.LIAISON_REQUIRE_BROWSER === '1') {
    console.error(message);
    process.exit(1);
  }
  console.log(`\n${message}\n`);
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], { stdio: 'inherit' });
process.exit(result.status ?? 1);

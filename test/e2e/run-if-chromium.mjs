// `npm test` runs the end-to-end tests when Debian's chromium and poppler's pdftotext are installed, and says so when
// they are not. CI sets LIAISON_REQUIRE_BROWSER=1, so a missing tool fails there instead of passing quietly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const pdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
const missing = [!existsSync(chromium) && `no chromium at ${chromium}`, !pdftotext && 'no pdftotext'].filter(Boolean);
if (missing.length) {
  const install = 'apt-get install chromium poppler-utils';
  const message = `end-to-end tests NOT run: ${missing.join(', ')} (install them with: ${install})`;
  if (process.env.LIAISON_REQUIRE_BROWSER === '1') {
    console.error(message);
    process.exit(1);
  }
  console.log(`\n${message}\n`);
  process.exit(0);
}
const result = spawnSync('npx', ['vitest', 'run', '--project', 'e2e'], { stdio: 'inherit' });
process.exit(result.status ?? 1);

// Runs before `npm start`, `npm test` and `npm run bench`: installs what a fresh clone is missing.
// Plain Node with no dependencies, since node_modules may not exist yet.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const run = (cmd) => execSync(cmd, { stdio: ['ignore', 'inherit', 'inherit'] });

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  console.error('[setup] installing npm packages (npm ci)...');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--browser') && !findChromium()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.error('[setup] no Chromium found; installing Debian chromium...');
    run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
  }
  if (!findChromium()) {
    console.error('[setup] No Chromium found. Install one (Debian: apt-get install chromium) or set CHROME_PATH.');
    process.exit(1);
  }
}

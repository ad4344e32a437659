// Runs before `npm start`, `npm test` and `npm run bench`: installs what a fresh clone is missing.
// Plain Node with no dependencies, since node_modules may not exist yet.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { findChromium } from './chromium.mjs';

const run = (cmd) => execSync(cmd, { stdio: ['ignore', 'inherit', 'inherit'] });

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  // `npm install` honours the lockfile's versions. Not `npm ci`: it insists on lock entries for every
  // platform's optional rollup binary (a dependency of the PWA build), which this registry does not serve.
  console.error('[setup] installing npm packages...');
  run('npm install --no-audit --no-fund');
}

// The benchmark compares k-means with scikit-learn's, measured in the same run.
if (process.argv.includes('--sklearn') && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  try {
    execSync('/usr/bin/python3 -c "import sklearn"', { stdio: 'ignore' });
  } catch {
    console.error('[setup] installing Debian python3-sklearn for the k-means reference...');
    try {
      run('apt-get install -y -qq python3-sklearn || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn)');
    } catch {
      console.error('[setup] python3-sklearn could not be installed; the bench will leave out the sklearn reference.');
    }
  }
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

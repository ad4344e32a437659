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

// The benchmarks compare with scikit-learn, XGBoost (churn) and statsmodels (Cox), measured in the same run.
for (const [flag, module, pkg] of [
  ['--sklearn', 'sklearn', 'python3-sklearn'],
  ['--xgboost', 'xgboost', 'python3-xgboost'],
  ['--statsmodels', 'statsmodels', 'python3-statsmodels'],
]) {
  if (!process.argv.includes(flag) || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) continue;
  try {
    execSync(`/usr/bin/python3 -c "import ${module}"`, { stdio: 'ignore' });
  } catch {
    console.error(`[setup] installing Debian ${pkg} for the reference figures...`);
    try {
      run(`apt-get install -y -qq ${pkg} || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg})`);
    } catch {
      console.error(`[setup] ${pkg} could not be installed; the bench will leave out that reference.`);
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

// `npm test`: the whole suite. Type-checks and lints (the layer boundaries live there), builds,
// runs the unit and integration tests (vitest), the packaging check and the browser e2e suite
// (Playwright in Debian's Chromium), then prints one plain line: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = (args) => ['npx', ['--no-install', ...args]];
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, [command, args], env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A step that is one check (type-check, lint, build): one pass or one failure. */
function check(label, command, env) {
  if (run(label, command, env)) tally.passed += 1;
  else {
    tally.failed += 1;
    failures.push(label);
  }
}

/** A test runner step: its counts come from its JSON report; a crash with no report is a failure. */
function suite(label, command, reportPath, count, env) {
  rmSync(reportPath, { force: true });
  const ok = run(label, command, env);
  if (!existsSync(reportPath)) {
    tally.failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  const counts = count(JSON.parse(readFileSync(reportPath, 'utf8')));
  tally.passed += counts.passed;
  tally.failed += counts.failed;
  tally.skipped += counts.skipped;
  if (!ok && counts.failed === 0) {
    tally.failed += 1;
    failures.push(`${label} (exited non-zero)`);
  } else if (counts.failed > 0) failures.push(`${label} (${counts.failed} failed)`);
}

const vitestCounts = (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0), skipped: r.numPendingTests + r.numTodoTests });
const playwrightCounts = (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped });

mkdirSync(join(root, 'build'), { recursive: true });
check('type-check', npx(['tsc', '-b']));
check('lint', npx(['eslint', '.']));
check('build', ['node', ['scripts/build.mjs']]);
suite('unit and integration tests', npx(['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=build/vitest.json']), join(root, 'build/vitest.json'), vitestCounts);
check('packaging check', ['node', ['scripts/package-check.mjs']]);
suite('browser e2e', npx(['playwright', 'test']), join(root, 'build/playwright.json'), playwrightCounts);

console.log('');
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed === 0 ? 0 : 1);

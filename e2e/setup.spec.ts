/**
 * Worktree creation never blocks: the cards exist at once and say "setting up" while the
 * worktrees are being made, then the agents run. A smudge filter that waits for a file holds
 * every checkout until the test lets it go on.
 */
import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAllCardsDone, openRepoByPath, runTask } from './support/dashboard';
import { git } from './support/sample-repo';
import { useServedRepo } from './support/served-repo';

const served = useServedRepo(['--demo', '--port', '0'], 'each');

test('cards show "setting up" while their worktrees are made, then the agents run', async ({ page }) => {
  const gate = join(served.home, 'checkout-may-go-on');
  git(served.repo, 'config', 'filter.held.smudge', `sh -c 'while [ ! -e "${gate}" ]; do sleep 0.05; done; cat'`);
  git(served.repo, 'config', 'filter.held.clean', 'cat');
  git(served.repo, 'config', 'filter.held.required', 'true');
  writeFileSync(join(served.repo, '.gitattributes'), '*.held filter=held\n');
  writeFileSync(join(served.repo, 'big.held'), 'held back\n');
  git(served.repo, 'add', '-A');
  git(served.repo, '-c', 'user.email=e2e@flotilla.test', '-c', 'user.name=E2E', 'commit', '-q', '-m', 'a file whose checkout waits');

  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await runTask(page, 'Add a short note about the project', 2);
  const cards = page.getByTestId('thread-card');
  await expect(cards).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-status', 'setting_up');
    await expect(cards.nth(i).getByTestId('thread-status')).toHaveText('setting up');
  }
  await expect(cards.first()).toContainText('Creating worktree…');
  await expect(page.getByText('No agents running')).toHaveCount(0);

  writeFileSync(gate, '');
  await expectAllCardsDone(page, 2);
});

test('a failed setup shows its output on the card; Retry after the fix starts the agent', async ({ page }) => {
  writeFileSync(join(served.repo, 'flotilla.json'), JSON.stringify({ setup: "sh -c 'test -f ready.flag || { echo missing-ready-flag; exit 3; }'" }));
  writeFileSync(join(served.repo, '.gitignore'), 'ready.flag\n');
  git(served.repo, 'add', '-A');
  git(served.repo, '-c', 'user.email=e2e@flotilla.test', '-c', 'user.name=E2E', 'commit', '-q', '-m', 'a setup that needs a file');

  await page.goto(served.server.url);
  await openRepoByPath(page, served.repo);
  await runTask(page, 'Add a short note about the project', 1);
  const card = page.getByTestId('thread-card');
  await expect(card).toHaveAttribute('data-status', 'failed');
  await expect(card.getByTestId('thread-activity')).toContainText('Setup failed');
  await expect(card.getByTestId('thread-activity')).toContainText('missing-ready-flag');

  const worktree = git(served.repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length))
    // The agent's worktree, under the data dir's worktrees/ (never the checkout itself).
    .find((path) => path.includes('/worktrees/'));
  writeFileSync(join(worktree!, 'ready.flag'), 'ready\n');
  await card.getByTestId('setup-retry').click();
  await expectAllCardsDone(page, 1);
  await expect(card.getByTestId('setup-controls')).toHaveCount(0);
});

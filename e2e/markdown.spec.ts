/**
 * Assistant text as GitHub-flavoured Markdown and code highlighted by highlight.js, in the
 * transcript and in the Changes tab, against the headless server and its demo model.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAllCardsDone, runTask } from './support/dashboard';
import { makeSampleRepo, makeTempDir } from './support/sample-repo';
import { serveFlotilla, type ServedFlotilla } from './support/serve';

const MESSAGE = [
  '## Summary',
  '',
  '| file | change |',
  '|---|---|',
  '| `src/sum.ts` | ~~none~~ added |',
  '',
  '- [x] wrote the function',
  '- [ ] publish it',
  '',
  'Docs: [the guide](https://example.com/guide), bad: [click me](javascript:alert(1)), raw: <img src=x onerror="window.pwned=1">',
  '',
  '```ts',
  'export function sum(a: number, b: number): number {',
  '  return a + b; // adds',
  '}',
  '```',
].join('\n');

const script = {
  name: 'markdown',
  description: 'Adds a TypeScript file and answers in rich Markdown.',
  responses: [
    {
      output: [
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** Add File: src/sum.ts\n+export function sum(a: number, b: number): number {\n+  return a + b; // adds\n+}\n*** End Patch',
        },
      ],
    },
    { output: [{ type: 'message', text: MESSAGE }] },
  ],
};

let repo: string;
let home: string;
let server: ServedFlotilla;

test.beforeAll(async () => {
  repo = makeSampleRepo();
  home = makeTempDir('flotilla-e2e-home-');
  mkdirSync(join(home, 'demo-scripts'), { recursive: true });
  writeFileSync(join(home, 'demo-scripts', 'markdown.json'), JSON.stringify(script));
  server = await serveFlotilla(['--demo', '--port', '0', '--repo', repo], { FLOTILLA_HOME: home });
});

test.afterAll(async () => {
  await server?.stop();
  for (const dir of [repo, home]) rmSync(dir, { recursive: true, force: true });
});

test('an assistant message renders as safe GitHub-flavoured Markdown, and code and diffs are highlighted', async ({ page }) => {
  await page.goto(`${server.url}&demoScript=${encodeURIComponent(join(home, 'demo-scripts', 'markdown.json'))}`);
  await expect(page.getByTestId('repo-name')).toContainText('flotilla-e2e-repo-');
  await runTask(page, 'Add a sum function', 1);
  await expectAllCardsDone(page, 1);
  await page.getByTestId('thread-card').first().click();

  const message = page.getByTestId('transcript').locator('[data-item-type="assistant_message"] .md').last();
  await expect(message.locator('h2')).toHaveText('Summary');
  await expect(message.locator('table td').first()).toHaveText('src/sum.ts');
  await expect(message.locator('del')).toHaveText('none');
  await expect(message.locator('input[type=checkbox]')).toHaveCount(2);
  await expect(message.locator('input[type=checkbox]').first()).toBeChecked();
  const guide = message.getByRole('link', { name: 'the guide' });
  await expect(guide).toHaveAttribute('href', 'https://example.com/guide');
  await expect(guide).toHaveAttribute('target', '_blank');
  await expect(guide).toHaveAttribute('rel', 'noopener noreferrer');
  // The javascript: link keeps its text and loses its link; raw HTML shows as text.
  await expect(message.getByText('click me')).toBeVisible();
  await expect(message.locator('a')).toHaveCount(1);
  await expect(message.locator('img')).toHaveCount(0);
  await expect(message).toContainText('<img src=x onerror="window.pwned=1">');
  expect(await page.evaluate(() => 'pwned' in window)).toBe(false);
  // The fence's grammar arrives as its own chunk, then the block is highlighted.
  await expect(message.locator('pre.md-code .hljs-keyword').first()).toHaveText('export');
  await expect(message.locator('pre.md-code .hljs-comment')).toHaveText('// adds');

  await page.getByTestId('tab-changes').click();
  const added = page.locator('[data-testid=diff-line][data-kind=add]').filter({ hasText: 'return a + b' });
  await expect(added.locator('.hljs-keyword')).toHaveText('return');
  // Highlight colours come from the theme, distinct from plain text.
  const colours = await added.evaluate((line) => {
    const keyword = line.querySelector('.hljs-keyword');
    const code = line.querySelector('.diff-code');
    return keyword && code ? [getComputedStyle(keyword).color, getComputedStyle(code).color] : [];
  });
  expect(colours).toHaveLength(2);
  expect(colours[0]).not.toBe(colours[1]);
});

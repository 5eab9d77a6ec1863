import { describe, expect, it } from 'vitest';
import { isReadOnlyCommand, splitCommandLine } from './read-only-commands';

describe('isReadOnlyCommand', () => {
  it.each([
    'ls',
    'ls -la src',
    'cat README.md',
    'pwd',
    'git status',
    'git status --short && ls',
    'git diff HEAD~1',
    'git log --oneline -3',
    'git show HEAD:README.md',
    'rg -n "needle" src',
    "grep -rn 'a b' .",
    'head -n 20 file.txt',
    'tail -5 file.txt',
    'wc -l flotilla-demo/agent-1.md',
    'find . -name foo.ts -type f',
    'git log | head -5',
    'ls || pwd',
    'cd src && ls',
    "sed -n '1,40p' src/index.ts",
    'sort names.txt | uniq',
    'ls\npwd',
  ])('%j only reads', (command) => {
    expect(isReadOnlyCommand(command)).toBe(true);
  });

  it.each([
    ['rm -rf x', 'not a reading command'],
    ['echo hi > f', 'an output redirection'],
    ['ls > listing.txt', 'an output redirection'],
    ['cat a >> b', 'an appending redirection'],
    ['ls; rm x', 'a writing command after a reading one'],
    ['ls && rm x', 'a writing command after a reading one'],
    ['git log | xargs rm', 'a writing command in a pipe'],
    ['echo $(rm x)', 'a command substitution'],
    ['echo `rm x`', 'a backtick substitution'],
    ['echo "$(rm x)"', 'a substitution inside double quotes'],
    ['(rm x)', 'a subshell'],
    ['{ rm x; }', 'a group'],
    ['ls &', 'a background job'],
    ['ls & rm x', 'a background job'],
    ['cat <<EOF', 'a here-document'],
    ['FOO=1 ls', 'an environment assignment'],
    ['find . -delete', 'find -delete'],
    ['find . -name x -exec rm {} ;', 'find -exec'],
    ['git commit -m x', 'a writing git subcommand'],
    ['git checkout main', 'a writing git subcommand'],
    ['git -c core.pager=sh log', 'a git global option'],
    ['git diff --output=patch.txt', 'git diff writing a file'],
    ['git diff --ext-diff', 'git running an external diff'],
    ['rg --pre ./run.sh x', 'rg running a preprocessor'],
    ['sed -i s/a/b/ f', 'sed in place'],
    ["sed -n '1w out' f", 'a sed script that writes'],
    ['sort -o out in', 'sort writing a file'],
    ['uniq in out', 'uniq writing a file'],
    ['ls *.ts', 'a glob (expanded by the shell)'],
    ['ls ~', 'a home directory expansion'],
    ['ls |', 'a trailing pipe'],
    ["echo 'unterminated", 'an unterminated quote'],
    ['', 'nothing at all'],
    ['python3 -c "print(1)"', 'an interpreter'],
    ['npm test', 'a build tool'],
  ])('%j needs approval: %s', (command) => {
    expect(isReadOnlyCommand(command)).toBe(false);
  });
});

describe('splitCommandLine', () => {
  it('splits on pipes and list operators and unquotes words', () => {
    expect(splitCommandLine(`git log --oneline | grep 'fix it' && echo "done"`)).toEqual([
      ['git', 'log', '--oneline'],
      ['grep', 'fix it'],
      ['echo', 'done'],
    ]);
  });

  it('refuses what it does not understand', () => {
    expect(splitCommandLine('ls 2>/dev/null')).toBeNull();
    expect(splitCommandLine('; ls')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { sandboxDenial } from './sandbox-denial';

const offline = { network: false };
const online = { network: true };

describe('sandboxDenial (after Codex is_likely_sandbox_denied)', () => {
  it('names the line that shows a file-system denial', () => {
    const output = 'building…\ntouch: cannot touch \'/etc/flotilla\': Read-only file system\n';
    expect(sandboxDenial(1, output, offline)).toBe("touch: cannot touch '/etc/flotilla': Read-only file system");
    expect(sandboxDenial(1, 'mkdir: cannot create directory ‘/root/x’: Permission denied', offline)).toContain('Permission denied');
    expect(sandboxDenial(101, 'cargo failed: Operation not permitted (os error 1)', offline)).toContain('Operation not permitted');
  });

  it('a successful command, or one that did not finish, is never a denial', () => {
    expect(sandboxDenial(0, 'Permission denied', offline)).toBeNull();
    expect(sandboxDenial(null, 'Read-only file system', offline)).toBeNull();
  });

  it('a plain failure is not a denial, nor are the shell’s own exit codes without denial wording', () => {
    expect(sandboxDenial(1, 'FAIL src/a.test.ts\n1 failed', offline)).toBeNull();
    expect(sandboxDenial(127, 'bash: nope: command not found', offline)).toBeNull();
    expect(sandboxDenial(126, 'bash: ./x: cannot execute binary file', offline)).toBeNull();
  });

  it('exit 159 (128 + SIGSYS) is a seccomp kill', () => {
    expect(sandboxDenial(159, '', offline)).toMatch(/killed by the sandbox.*159/);
  });

  it('network failures count only where the sandbox has no network', () => {
    const output = 'curl: (6) Could not resolve host: example.com';
    expect(sandboxDenial(6, output, offline)).toBe(output);
    expect(sandboxDenial(6, output, online)).toBeNull();
  });

  it('strips colour codes and clips a long line', () => {
    expect(sandboxDenial(1, '\x1b[31merror\x1b[0m: Read-only file system', offline)).toBe('error: Read-only file system');
    const long = `${'x'.repeat(500)} Permission denied`;
    expect(sandboxDenial(1, long, offline)!.length).toBeLessThanOrEqual(200);
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ansiCQuote, posixQuote } from './shell-quote';

const SAMPLES = ["it's", 'a "b" $HOME `x` \\ !! \t tab', 'line1\nline2\r\n', 'ünïcødé 漢字 🙂', '\x1b[31m\x03\x7f', ''];

function echoedBy(shell: string, quoted: string): string {
  return execFileSync(shell, ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
}

describe('ansiCQuote', () => {
  it.each(SAMPLES)('round-trips %j through bash as printable ASCII', (text) => {
    const quoted = ansiCQuote(text);
    expect(quoted).toMatch(/^\$'[\x20-\x7e]*'$/);
    expect(quoted).not.toMatch(/[!\t]/);
    expect(echoedBy('bash', quoted)).toBe(text);
  });
});

describe('posixQuote', () => {
  it.each(SAMPLES)('round-trips %j through sh', (text) => {
    expect(echoedBy('sh', posixQuote(text))).toBe(text);
  });
});

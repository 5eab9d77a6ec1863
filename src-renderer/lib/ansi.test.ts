import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';

describe('ansi', () => {
  it('turns SGR colours into classed segments', () => {
    expect(parseAnsi('\x1b[33mf356403\x1b[m init\n\x1b[1;32mok\x1b[0m')).toEqual([
      { text: 'f356403', className: 'ansi-3' },
      { text: ' init\n', className: '' },
      { text: 'ok', className: 'ansi-2 ansi-bold' },
    ]);
  });

  it('drops other control sequences and a half-received escape at the end', () => {
    expect(stripAnsi('\x1b]133;A\x07$ ls\x1b[K\n\x1b[3')).toBe('$ ls\n');
  });

  it('lets a carriage return overwrite its line', () => {
    expect(stripAnsi('10%\r50%\r100%\r\ndone\n')).toBe('100%\ndone\n');
  });

  it('keeps basic 256-colour codes and skips truecolor', () => {
    expect(parseAnsi('\x1b[38;5;9mred\x1b[38;2;1;2;3mstill red')).toEqual([{ text: 'redstill red', className: 'ansi-9' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { SecretSet } from './secret-set';

const KEY = 'sk-proj-7Hq2vN9xLm4Rt8Wz';
const PASSWORD = 'pg-secret-0af31c';

describe('SecretSet', () => {
  const secrets = new SecretSet([
    { name: 'OPENAI_API_KEY', value: KEY },
    { name: 'PGPASSWORD', value: PASSWORD },
    { name: 'SHORT', value: 'abc' },
  ]);

  it('replaces every occurrence with a marker naming where the secret came from', () => {
    expect(secrets.redact(`key=${KEY} again ${KEY}; pw ${PASSWORD}`)).toBe(
      'key=[redacted:OPENAI_API_KEY] again [redacted:OPENAI_API_KEY]; pw [redacted:PGPASSWORD]',
    );
    expect(secrets.size).toBe(2);
    expect(secrets.redact('abc is too short to be a secret')).toBe('abc is too short to be a secret');
  });

  it('redacts strings at any depth and returns the same object when there is nothing to redact', () => {
    const clean = { a: [{ b: 'nothing here' }], n: 3 };
    expect(secrets.redactDeep(clean)).toBe(clean);
    const dirty = { items: [{ type: 'function_call_output', output: `cat .env\nKEY=${KEY}\n` }], n: 3, flag: true, none: null };
    expect(secrets.redactDeep(dirty)).toEqual({
      items: [{ type: 'function_call_output', output: 'cat .env\nKEY=[redacted:OPENAI_API_KEY]\n' }],
      n: 3,
      flag: true,
      none: null,
    });
    expect(dirty.items[0]!.output).toContain(KEY);
  });

  it('finds a secret that needs escaping in JSON, and a multi-line one after a pty turned \\n into \\r\\n', () => {
    const quoted = 'quote"back\\slash-1234';
    const pem = '-----BEGIN KEY-----\nMIIEabcdefgh\n-----END KEY-----';
    const set = new SecretSet([{ name: 'Q_TOKEN', value: quoted }, { name: 'PEM_KEY', value: pem }]);
    expect(set.redactDeep({ text: `x ${quoted} y` })).toEqual({ text: 'x [redacted:Q_TOKEN] y' });
    expect(set.redact(`out: ${pem.replace(/\n/g, '\r\n')}\r\n`)).toBe('out: [redacted:PEM_KEY]\r\n');
  });

  it('knows how much of a text could be the start of a secret', () => {
    expect(secrets.heldTailLength(`output ${KEY.slice(0, 10)}`)).toBe(10);
    expect(secrets.heldTailLength('output s')).toBe(1);
    expect(secrets.heldTailLength('output x')).toBe(0);
    // A whole secret is not a start: it is redacted, not held.
    expect(secrets.heldTailLength(`output ${KEY}`)).toBe(0);
  });

  it('keeps what it knew when more secrets join', () => {
    const more = secrets.union([{ name: 'SERVER', value: 'tok-abcdefghijkl' }]);
    expect(more.redact(`${KEY} tok-abcdefghijkl`)).toBe('[redacted:OPENAI_API_KEY] [redacted:SERVER]');
  });
});

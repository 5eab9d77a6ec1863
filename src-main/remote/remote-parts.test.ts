import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../git/test-support/temp-repo';
import { acceptHostKey, fingerprintOf, keyTypeOf, verifyHostKey, type KnownHostsFiles } from './known-hosts';
import { satisfies } from './node-range';
import { lookupSshConfig } from './ssh-config';

function keyBlob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}

describe('known_hosts', () => {
  let dir: string;
  let files: KnownHostsFiles;
  const key = keyBlob('ssh-ed25519', 'the-key');
  const other = keyBlob('ssh-ed25519', 'another-key');

  beforeEach(() => {
    dir = makeTempDir();
    files = { own: join(dir, 'own'), user: join(dir, 'user') };
  });
  afterEach(() => removeTempDir(dir));

  it('calls a host with no entry unknown, and trusts it once accepted, on its port', () => {
    expect(verifyHostKey(files, 'box', 2222, key)).toEqual({ kind: 'unknown', fingerprint: fingerprintOf(key), keyType: 'ssh-ed25519' });
    acceptHostKey(files, 'box', 2222, key);
    expect(verifyHostKey(files, 'box', 2222, key)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(files, 'box', 22, key).kind).toBe('unknown');
  });

  it('refuses a changed key, naming the file that holds the old one, and reads hashed names', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('box').digest('base64');
    writeFileSync(files.user, `# a comment\n|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${key.toString('base64')}\n`);
    expect(verifyHostKey(files, 'box', 22, key)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(files, 'box', 22, other)).toMatchObject({ kind: 'changed', files: [files.user] });
  });

  it('refuses a @revoked key even when another line trusts it', () => {
    writeFileSync(files.user, `box ssh-ed25519 ${key.toString('base64')}\n@revoked * ssh-ed25519 ${key.toString('base64')}\n`);
    expect(verifyHostKey(files, 'box', 22, key).kind).toBe('revoked');
  });

  it('reads the key type and prints fingerprints as ssh-keygen does', () => {
    expect(keyTypeOf(key)).toBe('ssh-ed25519');
    expect(fingerprintOf(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('ssh config', () => {
  const config = `Host *.internal box\n  User dev\n  Port 2200\n  IdentityFile ~/.ssh/box_key\nHost box\n  HostName 10.0.0.5\n  User ignored-second-value\nHost *\n  User everyone\n`;

  it('takes the first value of each key from every matching Host block', () => {
    expect(lookupSshConfig(config, 'box', '/home/me')).toEqual({ user: 'dev', port: 2200, identityFile: '/home/me/.ssh/box_key', hostName: '10.0.0.5' });
    expect(lookupSshConfig(config, 'other', '/home/me')).toEqual({ user: 'everyone' });
  });
});

describe('engines range', () => {
  it('reads the forms package.json uses', () => {
    const range = '^22.13.0 || >=24';
    expect(satisfies('v22.13.0', range)).toBe(true);
    expect(satisfies('v22.12.9', range)).toBe(false);
    expect(satisfies('v23.1.0', range)).toBe(false);
    expect(satisfies('v24.0.0', range)).toBe(true);
    expect(satisfies('v20.20.2', range)).toBe(false);
    expect(satisfies('v22.1.0', 'nonsense')).toBe(false);
  });
});

describe('host ids', () => {
  it('renames what names threads and tasks, and routes params back to their host', async () => {
    const { labelFromHost, routeParams } = await import('./host-ids');
    const summary = { id: 't_1', taskId: 'task_1', agentIndex: 1, repoPath: '/r' };
    expect(labelFromHost({ events: [{ threadId: 't_1', seq: 1, msg: { type: 'item_started', item: { id: 'i_1' } } }], threads: [summary] }, 'box')).toEqual({
      events: [{ threadId: 't_1@box', seq: 1, msg: { type: 'item_started', item: { id: 'i_1' } } }],
      threads: [{ id: 't_1@box', taskId: 'task_1@box', agentIndex: 1, repoPath: '/r', host: 'box' }],
    });
    expect(labelFromHost({ pairs: [{ a: 't_1', b: 't_2', conflicts: [] }] }, 'box')).toEqual({ pairs: [{ a: 't_1@box', b: 't_2@box', conflicts: [] }] });
    expect(routeParams({ threadId: 't_1' })).toEqual({ kind: 'local' });
    expect(routeParams({ threadIds: ['t_1@box', 't_2@box'], strategy: 'squash' })).toEqual({ kind: 'host', host: 'box', params: { threadIds: ['t_1', 't_2'], strategy: 'squash' } });
    expect(routeParams({ threadIds: ['t_1@box', 't_2'] })).toEqual({ kind: 'mixed' });
  });
});

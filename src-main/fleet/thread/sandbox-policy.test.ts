import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_PATHS, NO_GRANTS } from '../../../src-shared/protocol/sandbox';
import { git, makeRepo, makeTempDir, removeTempDir } from '../../git/test-support/temp-repo';
import type { SandboxSupport } from '../../terminal/sandbox/detect';
import { buildSandboxPolicy, fullAutoRefusal, gitCommonDir, normalizeGrants, sameGrants, sandboxStatus, type PolicyInputs } from './sandbox-policy';

const BWRAP: SandboxSupport = { kind: 'bwrap', available: true, problem: null, executable: '/usr/bin/bwrap' };
const MISSING: SandboxSupport = { kind: 'none', available: false, problem: 'bubblewrap (bwrap) is not installed.', executable: null };

function inputs(overrides: Partial<PolicyInputs> = {}): PolicyInputs {
  return {
    support: BWRAP,
    allowUnsandboxed: false,
    approvalMode: 'full-auto',
    worktreePath: '/data/worktrees/repo/t_1',
    commonGitDir: '/src/repo/.git',
    dataDir: '/data',
    home: '/home/me',
    grants: NO_GRANTS,
    settingsFile: '/data/settings.json',
    ...overrides,
  };
}

describe('buildSandboxPolicy', () => {
  it("the floor: only the worktree writable, its .git and the repository's git dir read-only, data dir and every credential hidden, no network", () => {
    const policy = buildSandboxPolicy(inputs());
    expect(policy.ok && policy.value).toEqual({
      kind: 'bwrap',
      network: false,
      writableRoots: ['/data/worktrees/repo/t_1'],
      readOnlyPaths: ['/data/worktrees/repo/t_1/.git', '/src/repo/.git'],
      hiddenPaths: ['/data', ...Object.values(CREDENTIAL_PATHS).map((p) => `/home/me/${p}`)],
    });
  });

  it('grants open the network and show only the credential folders named', () => {
    const policy = buildSandboxPolicy(inputs({ grants: { network: true, credentials: ['ssh', 'gh'] } }));
    if (!policy.ok) throw new Error(policy.error.message);
    expect(policy.value.network).toBe(true);
    expect(policy.value.hiddenPaths).not.toContain('/home/me/.ssh');
    expect(policy.value.hiddenPaths).not.toContain('/home/me/.config/gh');
    expect(policy.value.hiddenPaths).toContain('/home/me/.aws');
    expect(policy.value.hiddenPaths).toContain('/data');
  });

  it('no sandbox: full auto is refused unless the user opted in; the other modes run with kind none', () => {
    const refused = buildSandboxPolicy(inputs({ support: MISSING }));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('sandbox_unavailable');
    expect(refused.error.message).toContain('bubblewrap (bwrap) is not installed.');
    expect(refused.error.message).toContain('"allowUnsandboxed": true in /data/settings.json');
    const optedIn = buildSandboxPolicy(inputs({ support: MISSING, allowUnsandboxed: true }));
    expect(optedIn.ok && optedIn.value.kind).toBe('none');
    const autoEdit = buildSandboxPolicy(inputs({ support: MISSING, approvalMode: 'auto-edit' }));
    expect(autoEdit.ok && autoEdit.value.kind).toBe('none');
  });

  it('refuses relative paths rather than build a policy the wrapper would misread', () => {
    expect(buildSandboxPolicy(inputs({ commonGitDir: '.git' })).ok).toBe(false);
  });
});

describe('sandbox status and refusal', () => {
  it('reports the machine and the opt-in; refuses full auto only when neither contains the agent', () => {
    expect(sandboxStatus(BWRAP, false)).toEqual({ kind: 'bwrap', available: true, problem: null, allowUnsandboxed: false });
    expect(fullAutoRefusal(sandboxStatus(BWRAP, false), 's.json')).toBeNull();
    expect(fullAutoRefusal(sandboxStatus(MISSING, true), 's.json')).toBeNull();
    expect(fullAutoRefusal(sandboxStatus(MISSING, false), 's.json')?.ok).toBe(false);
  });

  it('grants compare by content, whatever the order or repetition of credentials', () => {
    expect(normalizeGrants({ network: false, credentials: ['gh', 'ssh', 'gh'] })).toEqual({ network: false, credentials: ['ssh', 'gh'] });
    expect(sameGrants({ network: true, credentials: ['gh', 'ssh'] }, { network: true, credentials: ['ssh', 'gh'] })).toBe(true);
    expect(sameGrants({ network: true, credentials: [] }, NO_GRANTS)).toBe(false);
  });
});

describe('gitCommonDir', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => removeTempDir(dir));

  it("is the main repository's .git, absolute, also when asked in a linked worktree's repository", async () => {
    const repo = makeRepo(join(dir, 'repo'));
    expect(await gitCommonDir(repo)).toBe(join(repo, '.git'));
    mkdirSync(join(dir, 'wt'));
    git(repo, ['worktree', 'add', '--quiet', '-b', 'side', join(dir, 'wt', 'side')]);
    expect(await gitCommonDir(join(dir, 'wt', 'side'))).toBe(join(repo, '.git'));
  });
});

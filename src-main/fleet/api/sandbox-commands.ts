/**
 * Client commands about the sandbox: a thread's grants (thread.setSandbox), the user's opt-in to
 * unsandboxed work, and the guard that keeps full auto off where nothing contains the agent.
 */
import { ok, type Result } from '../../../src-shared/protocol/api';
import type { ApprovalMode } from '../../../src-shared/protocol/agent';
import type { SandboxStatus } from '../../../src-shared/protocol/sandbox';
import type { SandboxSupport } from '../../terminal/sandbox/detect';
import type { CommandHandlers } from './api-handler';
import { fullAutoRefusal, normalizeGrants, sandboxStatus } from '../thread';
import { loadSettings } from '../settings';
import { readRawSettings, writeRawSettings } from '../settings';
import type { ThreadHost } from '../thread';

export interface SandboxCommandContext {
  dataDir: string;
  detectSandbox(): Promise<SandboxSupport>;
  findThread(threadId: string): Result<ThreadHost>;
}

/** The machine's sandbox and the user's opt-in, as app.info reports them. */
export async function currentSandboxStatus(dataDir: string, detect: () => Promise<SandboxSupport>): Promise<SandboxStatus> {
  const { settings } = await loadSettings(dataDir);
  return sandboxStatus(await detect(), settings.allowUnsandboxed);
}

/** thread.setApprovalMode, refusing full auto where no sandbox works and the user has not opted in. */
export async function setApprovalModeGuarded(ctx: SandboxCommandContext, threadId: string, mode: ApprovalMode): Promise<Result<Record<string, never>>> {
  const host = ctx.findThread(threadId);
  if (!host.ok) return host;
  if (mode === 'full-auto') {
    const { path } = await loadSettings(ctx.dataDir);
    const refusal = fullAutoRefusal(await currentSandboxStatus(ctx.dataDir, ctx.detectSandbox), path);
    if (refusal) return refusal;
  }
  return host.value.setApprovalMode(mode);
}

export function createSandboxHandlers(ctx: SandboxCommandContext): Pick<CommandHandlers, 'thread.setSandbox' | 'settings.setAllowUnsandboxed'> {
  return {
    'thread.setSandbox': async ({ threadId, grants }) => {
      const host = ctx.findThread(threadId);
      return host.ok ? host.value.setSandbox(normalizeGrants(grants)) : host;
    },
    'settings.setAllowUnsandboxed': async ({ allow }) => {
      const raw = await readRawSettings(ctx.dataDir);
      if (!raw.ok) return raw;
      const next = { ...raw.value };
      // Off is the default: leave no trace of an opt-in that was taken back.
      if (allow) next['allowUnsandboxed'] = true;
      else delete next['allowUnsandboxed'];
      await writeRawSettings(ctx.dataDir, next);
      return ok(await currentSandboxStatus(ctx.dataDir, ctx.detectSandbox));
    },
  };
}

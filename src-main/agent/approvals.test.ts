import { describe, expect, it } from 'vitest';
import { approvalModeNote, Approvals } from './approvals';

describe('Approvals', () => {
  it('suggest asks for every command and every edit', () => {
    const approvals = new Approvals('suggest');
    expect(approvals.needsApproval('command', 'ls')).toBe(true);
    expect(approvals.needsApproval('patch', '')).toBe(true);
  });

  it('auto-edit asks only for commands that are not known to read', () => {
    const approvals = new Approvals('auto-edit');
    expect(approvals.needsApproval('patch', '')).toBe(false);
    expect(approvals.needsApproval('command', 'git status')).toBe(false);
    expect(approvals.needsApproval('command', 'rm -rf x')).toBe(true);
    expect(approvals.needsApproval('command', 'echo hi > f')).toBe(true);
  });

  it('full-auto never asks', () => {
    const approvals = new Approvals('full-auto');
    expect(approvals.needsApproval('command', 'rm -rf x')).toBe(false);
    expect(approvals.needsApproval('patch', '')).toBe(false);
  });

  it('running a blocked command outside the sandbox asks in every mode, and approve_for_thread never makes it standing', async () => {
    for (const mode of ['suggest', 'auto-edit', 'full-auto'] as const) {
      const approvals = new Approvals(mode);
      expect(approvals.needsApproval('unsandboxed', 'ls')).toBe(true);
      const waiting = approvals.wait('r1', 'unsandboxed', new AbortController().signal);
      approvals.decide('r1', 'approve_for_thread');
      await expect(waiting).resolves.toBe('approve_for_thread');
      expect(approvals.needsApproval('unsandboxed', 'ls')).toBe(true);
    }
    // Nor does trusting all commands lift the sandbox.
    const approvals = new Approvals('suggest');
    const waiting = approvals.wait('r2', 'command', new AbortController().signal);
    approvals.decide('r2', 'approve_for_thread');
    await waiting;
    expect(approvals.needsApproval('command', 'rm -rf x')).toBe(false);
    expect(approvals.needsApproval('unsandboxed', 'rm -rf x')).toBe(true);
  });

  it('resolves a wait with the decision, once', async () => {
    const approvals = new Approvals('suggest');
    const waiting = approvals.wait('r1', 'command', new AbortController().signal);
    expect(approvals.decide('r1', 'deny')).toBe(true);
    expect(approvals.decide('r1', 'approve')).toBe(false);
    await expect(waiting).resolves.toBe('deny');
    expect(approvals.decide('unknown', 'approve')).toBe(false);
  });

  it('approve_for_thread stops asking for that kind of action only, until the mode is chosen again', async () => {
    const approvals = new Approvals('suggest');
    const waiting = approvals.wait('r1', 'command', new AbortController().signal);
    approvals.decide('r1', 'approve_for_thread');
    await expect(waiting).resolves.toBe('approve_for_thread');
    expect(approvals.needsApproval('command', 'rm -rf x')).toBe(false);
    expect(approvals.needsApproval('patch', '')).toBe(true);
    approvals.setMode('suggest');
    expect(approvals.needsApproval('command', 'rm -rf x')).toBe(true);
  });

  it('an abort ends the wait with the abort reason and closes the request', async () => {
    const approvals = new Approvals('suggest');
    const controller = new AbortController();
    const waiting = approvals.wait('r1', 'patch', controller.signal);
    const reason = new Error('interrupted');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(approvals.decide('r1', 'approve')).toBe(false);
  });

  it('a mode change leaves one note for the conversation', () => {
    const approvals = new Approvals('full-auto');
    approvals.setMode('full-auto');
    expect(approvals.takeNotes()).toEqual([]);
    approvals.setMode('suggest');
    expect(approvals.mode).toBe('suggest');
    expect(approvals.takeNotes()).toEqual([approvalModeNote('suggest')]);
    expect(approvals.takeNotes()).toEqual([]);
    expect(approvalModeNote('suggest')).toContain('<approval_mode>suggest</approval_mode>');
  });
});

import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApprovalMode } from '../../src-shared/protocol/agent';
import { MAX_AGENTS_DEFAULT, type ApiError } from '../../src-shared/protocol/api';
import { useActions } from '../session/session-context';
import { askNotificationPermission } from '../lib/desktop-notify';
import { useAppStore } from '../stores/app-store';
import { useNotifySettings } from '../stores/notify-settings-store';
import { ApprovalModeSelect, approvalModeHint, approvalModeTitle } from './approval-mode';
import { ErrorMessage } from './error-message';
import { NO_GRANTS, type SandboxGrants } from '../../src-shared/protocol/sandbox';
import { SandboxGrantsFields } from './sandbox-grants';
import { type AgentChoice, TaskAgentKind, agentKindsFor, useCodexSetupChoice } from './task-agent-kind';
import { TaskProviders, useProviderChoice } from './task-providers';
import { TaskHost, useHostChoice } from './task-host';

const DEFAULT_AGENTS = 4;
const RUN_SHORTCUT = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘↵' : 'Ctrl ↵';

/** Describe a task and start N agents on it. Range checks are the fleet's, so its message shows. */
export function TaskPanel() {
  const task = useTaskForm();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void task.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void task.run();
    }
  };
  return (
    <section className="panel">
      <h2 className="panel-title">New task</h2>
      <form className="task-form" onSubmit={onSubmit} onKeyDown={onKeyDown}>
        <textarea
          className="input task-prompt"
          data-testid="task-prompt"
          rows={6}
          placeholder={task.repoOpen || task.host.choice.name !== null ? 'Describe the task for every agent…' : 'Open a repository first'}
          value={task.prompt}
          onChange={(event) => task.setPrompt(event.target.value)}
        />
        <TaskHost choice={task.host.choice} onName={task.host.setName} onRepoPath={task.host.setRepoPath} />
        <label className="field-inline task-approvals">
          <span>Approvals</span>
          <ApprovalModeSelect testId="approval-mode-select" value={task.approvalMode} onChange={task.setApprovalMode} />
          <span className="approval-hint" title={approvalModeTitle(task.approvalMode)}>
            {approvalModeHint(task.approvalMode)}
          </span>
        </label>
        <div className="field-inline task-sandbox">
          <span>Sandbox</span>
          <SandboxGrantsFields testId="task-sandbox" value={task.sandbox} onChange={task.setSandbox} />
        </div>
        <label className="field-inline task-carry" title="Without it, every agent starts from your last commit; your checkout is never changed either way.">
          <input type="checkbox" data-testid="carry-changes" checked={task.carryChanges} onChange={(event) => task.setCarryChanges(event.target.checked)} />
          <span>Carry over my uncommitted changes</span>
        </label>
        <TaskProviders choice={task.providerChoice} agents={Number(task.agents)} />
        <TaskAgentKind value={task.agentChoice} onChange={task.setAgentChoice} codex={task.codex} codexSetup={task.codexSetup} />
        <div className="task-row">
          <label className="field-inline">
            <span>Agents</span>
            <input
              className="input mono agent-count"
              data-testid="agent-count"
              type="number"
              min={1}
              max={64}
              title={`Max agents: ${task.maxAgents} run at once; more wait for a slot`}
              value={task.agents}
              onChange={(event) => task.setAgents(event.target.value)}
            />
          </label>
          <button type="submit" className="button primary run" data-testid="run-button" disabled={!task.canRun}>
            {task.busy ? 'Starting…' : 'Run'}
            <kbd className="kbd-on-primary">{RUN_SHORTCUT}</kbd>
          </button>
        </div>
        {task.error && <ErrorMessage error={task.error} />}
      </form>
    </section>
  );
}

function useTaskForm() {
  const actions = useActions();
  const { repoOpen, maxAgents, demoMode, contained, defaultMode, codex } = useAppStore(
    useShallow((s) => ({
      defaultMode: s.appInfo?.approvalMode ?? null,
      codex: s.appInfo?.codex,
      repoOpen: s.repo !== null,
      maxAgents: s.appInfo?.maxAgents ?? MAX_AGENTS_DEFAULT,
      demoMode: s.appInfo?.demoMode ?? false,
      contained: s.appInfo?.sandbox.available ?? false,
    })),
  );
  // Until the user picks one: the default from Settings, else sandboxed demo agents follow a harmless script, a real model asks
  // first, and where nothing contains them commands ask (the fleet refuses full auto there).
  const [chosenMode, setApprovalMode] = useState<ApprovalMode | null>(null);
  const approvalMode = chosenMode ?? defaultMode ?? (demoMode && contained ? 'full-auto' : demoMode ? 'auto-edit' : 'suggest');
  const [sandbox, setSandbox] = useState<SandboxGrants>(NO_GRANTS);
  const [carryChanges, setCarryChanges] = useState(false);
  const [prompt, setPrompt] = useState('');
  // Capped at max agents, so the default task never waits for slots; a bigger one may (the rest wait).
  // Derived until typed: app.info (and so max agents) may arrive after the form.
  const [typedAgents, setAgents] = useState<string | null>(null);
  const agents = typedAgents ?? String(Math.min(DEFAULT_AGENTS, maxAgents));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const providerChoice = useProviderChoice();
  const [agentChoice, setAgentChoice] = useState<AgentChoice>('builtin');
  const codexSetup = useCodexSetupChoice(codex);
  const host = useHostChoice();
  const onHost = host.choice.name !== null;
  const canRun = (onHost ? host.choice.repoPath.trim() !== '' : repoOpen) && prompt.trim() !== '' && !busy;

  const run = async () => {
    if (!canRun) return;
    const count = Number(agents);
    if (!Number.isInteger(count)) {
      setError({ code: 'invalid_agent_count', message: 'Agent count must be a whole number from 1 to 64.' });
      return;
    }
    setBusy(true);
    // Starting a task is when desktop notifications start to matter: ask then, never on load.
    if (useNotifySettings.getState().desktop) void askNotificationPermission();
    const failure = await actions.runTask(prompt.trim(), count, {
      approvalMode,
      providers: providerChoice.labels(count),
      sandbox,
      agentKinds: agentKindsFor(agentChoice, count),
      ...(agentChoice !== 'builtin' && codexSetup.override ? { codexSetup: codexSetup.override } : {}),
      carryChanges,
      ...(onHost ? { host: { name: host.choice.name!, repoPath: host.choice.repoPath } } : {}),
    });
    setBusy(false);
    setError(failure);
    if (!failure) setPrompt('');
  };
  const form = { repoOpen, maxAgents, prompt, setPrompt, agents, setAgents, busy, error, canRun, run };
  return { ...form, host, approvalMode, setApprovalMode, providerChoice, sandbox, setSandbox, agentChoice, setAgentChoice, codexSetup, carryChanges, setCarryChanges, codex };
}

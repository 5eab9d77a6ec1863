import { describe, expect, it } from 'vitest';
import { Execution } from './execution';
import { agentExecution, hidesRaw, transition, type ShellEvent, type ShellState } from './shell-state';

const typing = { line: 'line\r', echo: 'echo\r\n' };

function run(state: ShellState, ...events: ShellEvent[]): ShellState {
  return events.reduce(transition, state);
}

const prompt: ShellEvent = { type: 'prompt-shown' };
const userStart: ShellEvent = { type: 'command-start', nonce: null };
const userEnd: ShellEvent = { type: 'command-end', nonce: null, exitCode: 0 };
const atPrompt: ShellState = { kind: 'idle', promptShown: true };
const betweenPrompts: ShellState = { kind: 'idle', promptShown: false };

function agentCommand() {
  const execution = new Execution(() => undefined);
  return {
    execution,
    execute: { type: 'execute', execution, typing } as const,
    start: { type: 'command-start', nonce: execution.nonce } as const,
    end: { type: 'command-end', nonce: execution.nonce, exitCode: 3 } as const,
  };
}

describe('shell state', () => {
  it('starts hidden, ignores command markers until the first prompt, then is idle at it', () => {
    const starting: ShellState = { kind: 'starting' };
    expect(hidesRaw(starting)).toBe(true);
    expect(run(starting, userStart, userEnd)).toBe(starting);
    expect(run(starting, userEnd, prompt)).toEqual(atPrompt);
  });

  it('types an agent command at the prompt, runs it between its own markers, and is idle after', () => {
    const command = agentCommand();
    const typed = run(atPrompt, command.execute);
    expect(typed).toEqual({ kind: 'typed', execution: command.execution, typing });
    expect(hidesRaw(typed)).toBe(true);
    // Markers without the nonce (PS0's, a nested shell's, a cat of a recording) change nothing.
    expect(run(typed, userStart, userEnd, prompt, { type: 'command-end', nonce: 'forged', exitCode: 0 })).toBe(typed);
    const running = run(typed, command.start);
    expect(running).toEqual({ kind: 'running', execution: command.execution });
    expect(hidesRaw(running)).toBe(false);
    expect(run(running, userStart, userEnd, prompt, command.start)).toBe(running);
    expect(run(running, command.end)).toEqual(betweenPrompts);
    expect(run(running, command.end, prompt)).toEqual(atPrompt);
  });

  it('queues a command claimed between prompts, types it at the next prompt, and can withdraw it until then', () => {
    const command = agentCommand();
    const queued = run(betweenPrompts, command.execute);
    expect(queued).toEqual({ kind: 'queued', execution: command.execution, typing });
    expect(agentExecution(queued)).toBe(command.execution);
    expect(run(queued, prompt)).toEqual({ kind: 'typed', execution: command.execution, typing });
    expect(run(queued, { type: 'cancel', execution: agentCommand().execution })).toBe(queued);
    expect(run(queued, { type: 'cancel', execution: command.execution })).toEqual(betweenPrompts);
    const typed = run(queued, prompt);
    expect(run(typed, { type: 'cancel', execution: command.execution })).toBe(typed);
  });

  it('is busy while the user runs a command, and free again at its end', () => {
    const busy = run(atPrompt, userStart);
    expect(busy).toEqual({ kind: 'user-command' });
    expect(agentExecution(busy)).toBeNull();
    expect(run(busy, agentCommand().execute, prompt)).toBe(busy);
    expect(run(busy, userEnd)).toEqual(betweenPrompts);
  });

  it('claims only an idle session', () => {
    const command = agentCommand();
    const typed = run(atPrompt, command.execute);
    expect(run(typed, agentCommand().execute)).toBe(typed);
    expect(run({ kind: 'starting' }, command.execute)).toEqual({ kind: 'starting' });
  });

  it('ends in exited from anywhere, keeping hidden what was hidden, and stays there', () => {
    const command = agentCommand();
    expect(run(atPrompt, command.execute, { type: 'exit' })).toEqual({ kind: 'exited', rawHidden: true });
    expect(run(atPrompt, command.execute, command.start, { type: 'exit' })).toEqual({ kind: 'exited', rawHidden: false });
    const exited = run(atPrompt, { type: 'exit' });
    expect(run(exited, prompt, userStart, command.execute)).toBe(exited);
    expect(agentExecution(exited)).toBeNull();
  });
});

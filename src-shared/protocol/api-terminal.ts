/**
 * Client API: a thread's terminals. The agent's own terminal (its contained shell, shared with the
 * agent) and the user's shells in the same worktree (run as the user, not sandboxed). Output is
 * not in the thread's events: a client attaches, gets the current screen at once, then the stream
 * as `terminal` wire messages, and acknowledges what it has drawn so the fleet can pause the pty
 * when a client falls behind (flow control, as VS Code's terminal does).
 */
import { z } from 'zod';
import { lazyCommand } from './lazy-command';

const Empty = z.object({});

export const TerminalKindSchema = z.enum(['agent', 'user']);
export type TerminalKind = z.infer<typeof TerminalKindSchema>;

export const TerminalInfoSchema = z.object({
  terminalId: z.string(),
  threadId: z.string(),
  kind: TerminalKindSchema,
  title: z.string(),
  /** The agent's terminal runs in its sandbox; a user's shell does not. */
  sandboxed: z.boolean(),
  /** A command the user typed runs in the agent's shell. */
  userCommand: z.boolean(),
  /** The agent's next command waits for the user's command to end. */
  agentWaiting: z.boolean(),
  /** The shell is gone (a user's shell that exited); the screen stays readable. */
  exited: z.boolean(),
  /** How often flow control paused the terminal's program because a consumer fell behind. */
  pauses: z.number().int().nonnegative().optional(),
});
export type TerminalInfo = z.infer<typeof TerminalInfoSchema>;

/** Characters a client draws between two acknowledgements. */
export const TERMINAL_ACK_CHARS = 5_000;

const TerminalRef = z.object({ terminalId: z.string() });
const Size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

export const OPEN_IN_TARGETS = ['editor', 'terminal', 'files'] as const;
export const OpenInTargetSchema = z.enum(OPEN_IN_TARGETS);
export type OpenInTarget = z.infer<typeof OpenInTargetSchema>;

export const terminalCommands = {
  'terminal.list': lazyCommand(() => ({ params: z.object({ threadId: z.string() }), result: z.object({ terminals: z.array(TerminalInfoSchema) }) })),
  /** kind 'agent': the agent's terminal (its worker is started again if it had exited); 'user': a new shell of the user's. */
  'terminal.open': lazyCommand(() => ({ params: z.object({ threadId: z.string(), kind: TerminalKindSchema }), result: TerminalInfoSchema })),
  /**
   * `attachId` is the client's own name for this view (unique on its connection), so data pushed
   * before the answer arrives is already addressed. The answer carries the current screen,
   * serialized; the stream continues from exactly there.
   */
  'terminal.attach': lazyCommand(() => ({
    params: TerminalRef.extend({ attachId: z.string().min(1).max(100) }),
    result: z.object({ screen: z.string(), info: TerminalInfoSchema }),
  })),
  'terminal.detach': lazyCommand(() => ({ params: z.object({ attachId: z.string() }), result: Empty })),
  'terminal.input': lazyCommand(() => ({ params: TerminalRef.extend({ data: z.string().max(1_000_000) }), result: Empty })),
  'terminal.resize': { params: TerminalRef.extend(Size), result: Empty },
  /** `chars` drawn since the last ack (string length of the data messages). */
  'terminal.ack': lazyCommand(() => ({ params: z.object({ attachId: z.string(), chars: z.number().int().nonnegative() }), result: Empty })),
  /** Ends a user's shell; the agent's terminal cannot be closed. */
  'terminal.close': { params: TerminalRef, result: Empty },
  /** Opens the thread's worktree in the editor, the system terminal or the file manager. */
  'worktree.openIn': lazyCommand(() => ({
    params: z.object({ threadId: z.string(), target: OpenInTargetSchema }),
    result: z.object({ how: z.string() }),
  })),
} as const;

/**
 * Server -> client: a terminal's stream, addressed to one attached view. Kept small. `screen`
 * replaces what the view shows (a dashboard of many hosts attached the view again after its SSH
 * link came back): the stream continues from there, with nothing unacknowledged.
 */
export const TerminalPushSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('data'), attachId: z.string(), data: z.string() }),
  z.object({ type: z.literal('screen'), attachId: z.string(), screen: z.string() }),
  z.object({ type: z.literal('info'), attachId: z.string(), info: TerminalInfoSchema }),
]);
export type TerminalPush = z.infer<typeof TerminalPushSchema>;

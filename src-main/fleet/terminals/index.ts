/**
 * The fleet's terminals: the only door into this folder. The agent's terminal of each thread
 * (its contained shell, in its worker) and the user's own shells, each kept as a headless screen
 * with bounded scrollback, streamed to attached views with acknowledgement-based flow control.
 */
export { agentTerminalId, TerminalHub, type TerminalConnection } from './terminal-hub';
export { createTerminalHandlers, type TerminalHandlers } from './terminal-commands';
export { createRunHandlers, type RunHandlers } from './run-commands';
export { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './flow-control';

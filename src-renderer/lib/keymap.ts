/**
 * Keyboard shortcuts: which key does what, decided without the DOM so it can be tested. Plain keys
 * never fire while the user types (an input, a textarea, the composer, anything contenteditable);
 * only the palette's Ctrl/Cmd+K does, since it types nothing.
 */
export type KeyCommand =
  | { type: 'agent'; number: number }
  /** vertical: ↑ ↓, which in a thread scroll the transcript instead. */
  | { type: 'step'; delta: 1 | -1; vertical?: true }
  | { type: 'palette' }
  | { type: 'help' }
  | { type: 'inbox' }
  | { type: 'toggle-list' }
  | { type: 'toggle-pause' }
  | { type: 'approve' }
  | { type: 'deny' }
  | { type: 'composer' }
  | { type: 'changes' }
  | { type: 'transcript' }
  | { type: 'terminal' };

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The event's target takes text. */
  typing: boolean;
  isMac: boolean;
}

const PLAIN: Record<string, KeyCommand> = {
  '?': { type: 'help' },
  i: { type: 'inbox' },
  l: { type: 'toggle-list' },
  p: { type: 'toggle-pause' },
  y: { type: 'approve' },
  n: { type: 'deny' },
  c: { type: 'composer' },
  d: { type: 'changes' },
  t: { type: 'transcript' },
  '`': { type: 'terminal' },
  ArrowRight: { type: 'step', delta: 1 },
  ArrowDown: { type: 'step', delta: 1, vertical: true },
  ArrowLeft: { type: 'step', delta: -1 },
  ArrowUp: { type: 'step', delta: -1, vertical: true },
  j: { type: 'step', delta: 1 },
  k: { type: 'step', delta: -1 },
};

export function commandForKey(input: KeyInput): KeyCommand | null {
  const mod = input.isMac ? input.metaKey : input.ctrlKey;
  if (mod && !input.altKey && input.key.toLowerCase() === 'k') return { type: 'palette' };
  if (input.typing || input.ctrlKey || input.metaKey || input.altKey) return null;
  if (/^[1-9]$/.test(input.key)) return { type: 'agent', number: Number(input.key) };
  // Shift is how '?' is typed; with any other key it means something else.
  if (input.shiftKey && input.key !== '?') return null;
  return PLAIN[input.key] ?? null;
}

/** What the help overlay lists, in this order. */
export const SHORTCUTS: ReadonlyArray<{ keys: string[]; what: string }> = [
  { keys: ['1', '…', '9'], what: 'Open agent N: in a thread, of its task; on the dashboard, the Nth in the list' },
  { keys: ['←', '→'], what: 'Previous / next agent in the list (also j k; ↑ ↓ on the dashboard)' },
  { keys: ['Ctrl/⌘', 'K'], what: 'Palette: jump to any thread or action' },
  { keys: ['p'], what: 'Pause or resume the agent' },
  { keys: ['y'], what: 'Approve the pending request' },
  { keys: ['n'], what: 'Deny the pending request' },
  { keys: ['c'], what: 'Focus the composer' },
  { keys: ['d'], what: 'Open Changes' },
  { keys: ['t'], what: 'Open the transcript' },
  { keys: ['`'], what: 'Open the Terminal (when available)' },
  { keys: ['i'], what: 'Open the inbox' },
  { keys: ['l'], what: 'Show or hide the agent list' },
  { keys: ['Esc'], what: 'Close, or back to the dashboard' },
  { keys: ['?'], what: 'This help' },
];

/** True for elements that take typed text; buttons and checkboxes do not. */
export function isTypingElement(element: Element | null): boolean {
  if (!element) return false;
  if (element.closest('textarea, select, [contenteditable=""], [contenteditable="true"]')) return true;
  const input = element.closest('input');
  if (!input) return false;
  const type = (input.getAttribute('type') ?? 'text').toLowerCase();
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

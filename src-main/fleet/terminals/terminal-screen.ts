/**
 * The fleet's copy of one terminal's screen: a headless xterm with bounded scrollback. A view
 * that attaches gets it serialized (what it has parsed) followed by what it has not parsed yet,
 * so the stream that follows continues from exactly there.
 */
import * as headlessModule from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';

/** The package is CommonJS: Node's ESM loader sees only a default export, a bundler sees both. */
const { Terminal } = (headlessModule as unknown as { default?: typeof headlessModule }).default ?? headlessModule;

export const SCREEN_SCROLLBACK_LINES = 1_000;

export class TerminalScreen {
  private readonly terminal: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  /** Written but not parsed yet, oldest first. */
  private readonly pending: string[] = [];
  private disposed = false;

  constructor(cols: number, rows: number) {
    this.terminal = new Terminal({ cols, rows, scrollback: SCREEN_SCROLLBACK_LINES, allowProposedApi: true });
    this.terminal.loadAddon(this.serializer);
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  /** `parsed` runs once the headless terminal has taken `data` in: the screen's acknowledgement. */
  write(data: string, parsed: (chars: number) => void): void {
    if (this.disposed) return;
    this.pending.push(data);
    this.terminal.write(data, () => {
      this.pending.shift();
      parsed(data.length);
    });
  }

  /** The screen as it is now, as data that redraws it in an empty terminal of the same size. */
  snapshot(): string {
    return this.serializer.serialize({ scrollback: SCREEN_SCROLLBACK_LINES }) + this.pending.join('');
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed && (cols !== this.cols || rows !== this.rows)) this.terminal.resize(cols, rows);
  }

  dispose(): void {
    this.disposed = true;
    this.terminal.dispose();
  }
}

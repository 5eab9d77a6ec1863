/**
 * xterm.js's WebGL renderer where the GPU allows, the DOM renderer otherwise. The WebGL context
 * is released while the page is hidden (browsers cap live contexts) and after a context loss.
 */
import type { Terminal } from '@xterm/xterm';
import { WebglAddon } from '@xterm/addon-webgl';

export class GpuRenderer {
  private addon: WebglAddon | null = null;
  private failed = false;

  constructor(private readonly terminal: Terminal) {}

  get active(): boolean {
    return this.addon !== null;
  }

  attach(): void {
    if (this.addon || this.failed) return;
    try {
      const addon = new WebglAddon();
      addon.onContextLoss(() => this.release());
      this.terminal.loadAddon(addon);
      this.addon = addon;
    } catch {
      // No WebGL2 here: the DOM renderer draws, as it does without this addon.
      this.failed = true;
    }
  }

  release(): void {
    const addon = this.addon;
    this.addon = null;
    addon?.dispose();
  }
}

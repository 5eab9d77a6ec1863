/**
 * Closing the window or quitting while agents run asks first (close-policy.ts says what, and what
 * each answer does). The guard owns no window and no electron object: main.ts hands it the
 * window's 'close' and the app's 'before-quit' events, and the few effects it needs, so the whole
 * flow is tested with plain fakes.
 */
import type { ThreadSummary } from '../../src-shared/domain/thread';
import type { FleetService } from '../fleet/fleet-service';
import {
  choiceFromResponse,
  closeActions,
  closePrompt,
  countRunning,
  finishedNotice,
  RUNNING_STATUSES,
  type CloseAction,
  type CloseAnswer,
  type ClosePrompt,
} from './close-policy';

export interface CloseGuardOptions {
  fleet: Pick<FleetService, 'call' | 'onEvent'>;
  /** Shows the question (on the window when there is one); resolves with the chosen button and the checkbox. */
  ask: (prompt: ClosePrompt) => Promise<CloseAnswer>;
  /** Closes the window for real; its 'close' event then passes the guard. */
  closeWindow: () => void;
  quit: () => void;
  /** A system notification, where the platform supports one. */
  notify: (notice: { title: string; body: string }) => void;
}

export interface PreventableEvent {
  preventDefault(): void;
}

export interface CloseGuard {
  /** For the window's 'close': lets it through, or prevents it and asks. */
  windowClosing(event: PreventableEvent): void;
  /** A window (re)opened: agents left in the background are the user's to watch again. */
  windowOpened(): void;
  /** For the app's 'before-quit': true when the quit may go ahead now; otherwise it was prevented. */
  allowQuit(event: PreventableEvent): boolean;
  /** True while agents run on with no window: 'window-all-closed' must not quit. */
  readonly inBackground: boolean;
  dispose(): void;
}

export function createCloseGuard(options: CloseGuardOptions): CloseGuard {
  const { fleet } = options;
  let quitting = false;
  let asking = false;
  let closingWindow = false;
  let background = false;
  let stopWatching: (() => void) | null = null;

  /**
   * This machine's running threads, which closing stops or pauses; threads on remote hosts (a
   * summary with `host`) are only counted: they keep working there whatever the answer.
   */
  const runningThreads = async (): Promise<{ here: ThreadSummary[]; onHosts: ThreadSummary[] }> => {
    const listed = await fleet.call('threads.list', {});
    // A fleet that cannot list (already shutting down) has nothing left to protect.
    if (!listed.ok) return { here: [], onHosts: [] };
    const running = listed.value.filter((t) => RUNNING_STATUSES.includes(t.status));
    return { here: running.filter((t) => t.host === undefined), onHosts: running.filter((t) => t.host !== undefined) };
  };

  const quitNow = () => {
    quitting = true;
    background = false;
    stopWatching?.();
    stopWatching = null;
    options.quit();
  };

  /** In the background, every fleet event is a chance that the last agent just finished. */
  const quitWhenIdle = (count: number) => {
    let checking = false;
    const check = async () => {
      if (checking || quitting || !stopWatching) return;
      checking = true;
      const { here: running } = await runningThreads();
      checking = false;
      if (running.length > 0 || quitting || !stopWatching) return;
      options.notify(finishedNotice(count));
      quitNow();
    };
    stopWatching = fleet.onEvent(() => void check());
    void check();
  };

  const perform = async (action: CloseAction, running: ThreadSummary[], onHosts: ThreadSummary[]) => {
    switch (action.type) {
      case 'pauseAll':
        await fleet.call('threads.pauseAll', {});
        return;
      case 'pauseRemote':
        // Each by its `<id>@<host>`, which the dashboard of many hosts sends to that host.
        await Promise.all(onHosts.filter((t) => t.status !== 'paused').map((t) => fleet.call('thread.pause', { threadId: t.id })));
        return;
      case 'interruptAll':
        await Promise.all(running.map((t) => fleet.call('thread.interrupt', { threadId: t.id })));
        return;
      case 'closeWindow':
        // Set before closing: 'window-all-closed' may fire while close() is still on the stack.
        background = true;
        closingWindow = true;
        options.closeWindow();
        closingWindow = false;
        return;
      case 'quitWhenIdle':
        return quitWhenIdle(running.length);
      case 'quit':
        return quitNow();
    }
  };

  /** Asks at most once at a time: a second close or quit while the question is up is dropped. */
  const decide = async () => {
    if (asking) return;
    asking = true;
    try {
      const { here: running, onHosts } = await runningThreads();
      const answer = running.length === 0 ? null : await options.ask(closePrompt(running.length, onHosts.length));
      const choice = answer ? choiceFromResponse(answer.response) : null;
      for (const action of closeActions(countRunning(running), choice, answer?.checkboxChecked ?? false)) await perform(action, running, onHosts);
    } finally {
      asking = false;
    }
  };

  return {
    windowClosing(event) {
      if (quitting || closingWindow) return;
      event.preventDefault();
      void decide();
    },
    windowOpened() {
      background = false;
      stopWatching?.();
      stopWatching = null;
    },
    allowQuit(event) {
      if (quitting) return true;
      event.preventDefault();
      void decide();
      return false;
    },
    get inBackground() {
      return background;
    },
    dispose() {
      stopWatching?.();
      stopWatching = null;
    },
  };
}

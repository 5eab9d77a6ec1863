// The load benchmark's two halves that are data: the demo script every agent plays, and the
// instrumentation installed in the page before its own scripts (see bench-load.mjs).

/** Inputs of each kind per measured window. */
export const SAMPLES = 30;

const SENTENCES = [
  'Reading the module graph to see which files import the parser.',
  'The tokenizer keeps its position in a closure, so the fix belongs there.',
  'Running the focused tests first, then the whole suite once they pass.',
  'Two call sites pass a string where a number is expected; both get a guard.',
  'The change stays inside one file, which keeps the review small.',
];

/** About `chars` characters of prose, a different order per sentence index. */
function prose(chars) {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${SENTENCES[(i * 3) % SENTENCES.length]} `;
  return text.trim();
}

/**
 * A command that prints ~20 lines a second for 40 s, left running after its 1 s yield, then ~40 s
 * of text streamed at one token (4 characters) every 20 ms: ~50 tokens/s, while the command keeps
 * printing to the agent's terminal.
 *
 * The command waits with bash's own `read -t` on a pipe that never delivers, not with `sleep`: a
 * `sleep` process per line is 160 fork+execs a second at 8 agents, which alone took one of this
 * machine's two cores (half of it in the kernel), so the figures measured fork, not Flotilla
 * carrying a terminal's output.
 */
export function loadScript() {
  const cmd = 'exec 3<> <(:); for i in $(seq 1 800); do echo "agent {{agent}} build step $i: compiling src/module_$i.ts"; read -t 0.05 -u 3; done';
  return {
    name: 'bench-load',
    description: 'A streaming agent for the dashboard load benchmark.',
    responses: [
      { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd, yield_time_ms: 1000 } }] },
      { chunkSize: 4, delayMs: 20, output: [{ type: 'message', text: prose(8000) }] },
    ],
  };
}

/** Runs in the page (addInitScript): input-to-next-frame latencies, rAF gaps and long tasks. */
export function INSTRUMENT() {
  const state = { latencies: [], recording: false, frames: 0, slowFrames: 0, longTasks: [], start: 0, last: 0 };
  const record = (event) => {
    if (!state.recording) return;
    const { type, timeStamp } = event;
    // The rAF runs before the frame that shows the input's effect; the message after it, once that frame is done.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => state.latencies.push({ type, ms: performance.now() - timeStamp });
      channel.port2.postMessage(null);
    });
  };
  addEventListener('click', record, true);
  addEventListener('keydown', record, true);
  new PerformanceObserver((list) => {
    if (state.recording) for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  const frame = (t) => {
    if (state.recording) {
      state.frames += 1;
      if (state.last && t - state.last > 50) state.slowFrames += 1;
    }
    state.last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.__bench = {
    get latencies() {
      return state.latencies;
    },
    begin() {
      Object.assign(state, { latencies: [], frames: 0, slowFrames: 0, longTasks: [], last: 0, start: performance.now(), recording: true });
    },
    end() {
      state.recording = false;
      const { latencies, frames, slowFrames, longTasks } = state;
      return { latencies, frames, slowFrames, longTasks, ms: performance.now() - state.start };
    },
  };
}

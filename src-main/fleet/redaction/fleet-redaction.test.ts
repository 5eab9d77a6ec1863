/**
 * The secret list follows Settings: a key saved with settings.setApiKey is redacted from then on,
 * in the thread's log, in command results (threads.list, thread.events) and in batches.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src-shared/protocol/api';
import { threadLogPath } from '../thread';
import { createFleetFixture, type FleetFixture } from '../test-support/fleet-fixture';
import type { KeyStore } from '../fleet-service';
import { call, threadEvents, waitForThreads } from '../test-support/fleet-test-support';

const SAVED_KEY = 'sk-saved-in-settings-5f3e2d1c';

describe('redaction follows the keys saved in Settings', () => {
  let fx: FleetFixture;
  beforeEach(async () => {
    fx = await createFleetFixture();
  });
  afterEach(() => fx.cleanup());

  it('redacts a key stored after the fleet started from everything that follows', async () => {
    const keys = new Map<string, string>();
    const keyStore: KeyStore = {
      canStore: true,
      get: async (label) => keys.get(label) ?? null,
      set: async (label, key) => void (key === null ? keys.delete(label) : keys.set(label, key)),
    };
    const fleet = await fx.openFleet({ keyStore });
    const batches: ClientEvent[] = [];
    fleet.onEvent((event) => batches.push(event));
    await call(fleet, 'settings.setApiKey', { label: 'Test provider', key: SAVED_KEY });

    // The fake worker answers with the text it was given, so the key comes back from the agent too.
    const run = await call(fleet, 'task.run', { repoPath: fx.repo, prompt: `Use the key ${SAVED_KEY} please`, agents: 1 });
    const id = run.threads[0]!.id;
    await waitForThreads(fleet, (ts) => ts[0]?.status === 'done', 'the agent to finish');
    const marker = '[redacted:Test provider API key]';
    const texts = {
      'task.run': JSON.stringify(run),
      'threads.list': JSON.stringify(await call(fleet, 'threads.list', {})),
      'thread.events': JSON.stringify(await threadEvents(fleet, id)),
      batches: JSON.stringify(batches),
      log: readFileSync(threadLogPath(fx.dataDir, id), 'utf8'),
    };
    for (const [where, text] of Object.entries(texts)) {
      expect(text, where).not.toContain(SAVED_KEY);
      expect(text, where).toContain(marker);
    }
    expect(texts['thread.events']).toContain(`input=Use the key ${marker} please`);
  });
});

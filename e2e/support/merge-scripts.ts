/**
 * Demo scripts for the merge suite, written to the server's `<FLOTILLA_HOME>/demo-scripts/` (the
 * only folder a client's scripts are read from) and passed with `?demoScript=`. Each agent of the
 * "retitle" task rewrites the same README line differently ({{agent}}), so the two
 * branches conflict with each other but not with the base; a review message later makes the agent
 * act on it in a new turn.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const REVIEW_REPLY = 'Addressed the review: the README now credits the reviewer.';

const retitle = {
  name: 'retitle-readme',
  description: 'Rewrites the README description line (a different text per agent), then answers a review.',
  responses: [
    {
      output: [
        { type: 'message', text: 'Agent {{agent}} rewrites the README description.' },
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input:
            '*** Begin Patch\n*** Update File: README.md\n@@\n-A repository for the end-to-end suite.\n+Agent {{agent}} rewrote this description.\n*** End Patch',
        },
      ],
    },
    { output: [{ type: 'message', text: 'Rewrote the README description.' }] },
    {
      when: { lastUserMessageIncludes: 'Review comments:' },
      output: [
        { type: 'message', text: 'Looking at the review comment.' },
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** Update File: README.md\n@@\n Agent {{agent}} rewrote this description.\n+Reviewed and revised.\n*** End Patch',
        },
      ],
    },
    { when: { lastUserMessageIncludes: 'Review comments:' }, output: [{ type: 'message', text: REVIEW_REPLY }] },
  ],
};

/** Each agent adds a file of its own under candidates/: best-of-N entries that never conflict. */
const candidate = {
  name: 'candidate',
  responses: [
    {
      output: [
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** Add File: candidates/agent-{{agent}}.md\n+Candidate {{agent}}\n*** End Patch',
        },
      ],
    },
    { output: [{ type: 'message', text: 'Wrote candidate {{agent}}.' }] },
  ],
};

/** Writes the scripts into `dir` and returns their paths. */
export function writeMergeScripts(dir: string): { retitle: string; candidate: string } {
  const paths = { retitle: join(dir, 'retitle-readme.json'), candidate: join(dir, 'candidate.json') };
  writeFileSync(paths.retitle, JSON.stringify(retitle, null, 2));
  writeFileSync(paths.candidate, JSON.stringify(candidate, null, 2));
  return paths;
}

/**
 * The demo script of the compare suite, written to the server's `<FLOTILLA_HOME>/demo-scripts/`.
 * Every agent runs one check (`test {{agent}} -eq 1`: agent 1's passes, the others' fail), rewrites
 * the same README line (so their hunks line up in one row), and adds a file of its own (so each
 * candidate's file is absent from the others' columns).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const candidates = {
  name: 'compare-candidates',
  responses: [
    { output: [{ type: 'function_call', name: 'exec_command', arguments: { cmd: 'test {{agent}} -eq 1' } }] },
    {
      output: [
        {
          type: 'custom_tool_call',
          name: 'apply_patch',
          input:
            '*** Begin Patch\n*** Update File: README.md\n@@\n-A repository for the end-to-end suite.\n+Candidate {{agent}} rewrote this line.\n' +
            '*** Add File: notes/candidate-{{agent}}.md\n+Notes of candidate {{agent}}.\n*** End Patch',
        },
      ],
    },
    { output: [{ type: 'message', text: 'Candidate {{agent}} is ready.' }] },
  ],
};

/** Writes the script into `dir` and returns its path. */
export function writeCompareScript(dir: string): string {
  const path = join(dir, 'compare-candidates.json');
  writeFileSync(path, JSON.stringify(candidates, null, 2));
  return path;
}

/** What the sandbox's /run mask needs to know about this machine (see HostRun in bwrap-args.ts). */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HostRun } from './bwrap-args';
import { isInside } from './sandbox-plan';

/** Whether /run can be masked here, and resolv.conf's real folder if it lives there. */
export function hostRun(): HostRun {
  try {
    if (!lstatSync('/run').isDirectory()) return { mask: false, keep: [] };
  } catch {
    return { mask: false, keep: [] };
  }
  try {
    const resolvConf = realpathSync('/etc/resolv.conf');
    return { mask: true, keep: isInside(resolvConf, '/run') ? [dirname(resolvConf)] : [] };
  } catch {
    return { mask: true, keep: [] };
  }
}

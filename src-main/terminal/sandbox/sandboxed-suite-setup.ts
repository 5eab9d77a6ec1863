/**
 * Setup of the sandboxed test variant (sandboxed-suite.config.mjs): every ShellSession that a test
 * starts without a wrapper of its own is started in bwrap, as the worker starts it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ShellSession } from '../shell-session';
import { BWRAP_NAMESPACE_FLAGS, bwrapArgs } from './bwrap-args';
import { detectSandbox } from './detect';
import { hostRun } from './host-run';
import { planSandbox } from './sandbox-plan';

const support = await detectSandbox();
if (!support.available || !support.executable) throw new Error(`The sandboxed suite needs bwrap: ${support.problem}`);
const executable = support.executable;
const namespaceFlags = support.namespaceFlags ?? BWRAP_NAMESPACE_FLAGS;

function wrapperFor(cwd: string): string[] {
  const git = join(cwd, '.git');
  const plan = planSandbox({ kind: 'bwrap', network: false, writableRoots: [cwd], readOnlyPaths: existsSync(git) ? [git] : [], hiddenPaths: [] });
  return bwrapArgs(plan, { executable, namespaceFlags, cwd, hostRun: hostRun() });
}

const start = ShellSession.start.bind(ShellSession);
ShellSession.start = (options) => start({ ...options, wrapper: options.wrapper?.length ? options.wrapper : wrapperFor(options.cwd) });

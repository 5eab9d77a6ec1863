/** `--network` and `--allow-credentials` for `run` and `new`, and the plain sandbox line at start. */
import { CREDENTIAL_PATHS, type CredentialName, type SandboxGrants } from '../../src-shared/protocol/sandbox';
import { sandboxLine } from '../../src-shared/domain/sandbox-text';
import type { FleetService } from '../fleet/fleet-service';
import { UsageError } from './args';

export const SANDBOX_OPTIONS = {
  network: { type: 'boolean' },
  'allow-credentials': { type: 'string' },
} as const;

export const SANDBOX_USAGE = `  --network                 let the agents' commands reach the network (off by default)
  --allow-credentials LIST  credential folders the agents may read, comma-separated
                            (${Object.keys(CREDENTIAL_PATHS).join(', ')})`;

/** The grants the flags ask for; a credential name Flotilla does not know is a usage error that lists the known ones. */
export function grantsFromFlags(values: { network?: boolean | undefined; 'allow-credentials'?: string | undefined }): SandboxGrants {
  const names = (values['allow-credentials'] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  const known = Object.keys(CREDENTIAL_PATHS);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UsageError(`--allow-credentials: unknown ${unknown.join(', ')}; choose from ${known.join(', ')}.`);
  return { network: values.network === true, credentials: names as CredentialName[] };
}

/** Writes the one line that says whether agents run contained here; nothing when the fleet cannot say. */
export async function printSandboxLine(fleet: Pick<FleetService, 'call'>, out: { write(text: string): unknown }): Promise<void> {
  const info = await fleet.call('app.info', {});
  if (info.ok) out.write(`${sandboxLine(info.value.sandbox)}\n`);
}

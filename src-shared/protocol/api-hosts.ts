/**
 * Client API: the remote hosts a dashboard shows (`flotilla serve --with-hosts`,
 * docs/remote-hosts.md). A fleet without hosts answers an empty list. States change with the
 * SSH connection; each change is pushed in an event batch's `hosts`, so a page needs no polling.
 */
import { z } from 'zod';
import { lazyCommand } from './lazy-command';

export const HostStatusSchema = z.object({
  name: z.string(),
  /** `connecting`: the first attempt (check, install, start) is under way. */
  state: z.enum(['connected', 'reconnecting', 'failed', 'connecting']),
  /** Why a host is reconnecting (its last error) or failed (what to do about it). */
  message: z.string().optional(),
});
export type HostStatus = z.infer<typeof HostStatusSchema>;

/**
 * Adding a host from the dashboard, as `flotilla hosts add` does: `destination` is
 * `user@host[:port]` or an ssh alias (the name when left out); `identity` a key file's path on
 * the machine that runs the dashboard's server. A host key not in known_hosts is never trusted
 * silently: the answer shows it, and the user adds again with its fingerprint in `acceptFingerprint`.
 */
export const HostAddParamsSchema = z.object({
  name: z.string().min(1),
  destination: z.string().min(1).optional(),
  identity: z.string().min(1).optional(),
  demo: z.boolean().optional(),
  acceptFingerprint: z.string().min(1).optional(),
});
export type HostAddParams = z.infer<typeof HostAddParamsSchema>;

export const HostAddedSchema = z.discriminatedUnion('kind', [
  /** Recorded, checked (node, git), its server installed and started, and connected live. */
  z.object({ kind: z.literal('added'), host: HostStatusSchema }),
  /** Not added: the host key is unknown. Compare the fingerprint and accept it to add. */
  z.object({ kind: z.literal('unknown_key'), keyType: z.string(), fingerprint: z.string(), message: z.string() }),
]);
export type HostAdded = z.infer<typeof HostAddedSchema>;

export const hostCommands = {
  'hosts.status': lazyCommand(() => ({ params: z.object({}), result: z.array(HostStatusSchema) })),
  'hosts.add': lazyCommand(() => ({ params: HostAddParamsSchema, result: HostAddedSchema })),
  /** Forgets a host and drops its connection; its server and agents keep running there. */
  'hosts.remove': lazyCommand(() => ({ params: z.object({ name: z.string().min(1) }), result: z.object({ name: z.string() }) })),
} as const;

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

export const hostCommands = {
  'hosts.status': lazyCommand(() => ({ params: z.object({}), result: z.array(HostStatusSchema) })),
} as const;

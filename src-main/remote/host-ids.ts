/**
 * How a host's threads are named on a dashboard that shows many hosts: `<id>@<host>`, and their
 * tasks `<taskId>@<host>`, so two hosts' ids never meet and the local fleet's stay as they are.
 * Host names cannot hold `@` (host-record.ts). Rewriting walks a message and changes only the
 * fields that name threads, tasks and terminals: `threadId`, `threadIds`, `taskId`, `terminalId`, and the `id` of a thread
 * summary (an object with `taskId` and `agentIndex`), which also gains `host`, and the `a`/`b`
 * of a conflict-matrix pair (an object with `conflicts`).
 */
const NAMING_KEYS: ReadonlySet<string> = new Set(['threadId', 'taskId', 'terminalId']);

export function remoteId(id: string, host: string): string {
  return `${id}@${host}`;
}

/** `{ host, id }` for a routed id, null for a local one. */
export function splitId(id: string): { host: string; id: string } | null {
  const at = id.lastIndexOf('@');
  if (at <= 0) return null;
  return { host: id.slice(at + 1), id: id.slice(0, at) };
}

/** Names every thread and task in `value` (from a host) as the dashboard knows them. */
export function labelFromHost(value: unknown, host: string): unknown {
  if (Array.isArray(value)) return value.map((item) => labelFromHost(item, host));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(record)) {
    if (NAMING_KEYS.has(key) && typeof field === 'string') out[key] = remoteId(field, host);
    else if (key === 'threadIds' && Array.isArray(field)) out[key] = field.map((id) => (typeof id === 'string' ? remoteId(id, host) : id));
    else out[key] = labelFromHost(field, host);
  }
  if (Array.isArray(record.conflicts)) {
    for (const key of ['a', 'b']) if (typeof record[key] === 'string') out[key] = remoteId(record[key] as string, host);
  }
  if (isSummary(record)) {
    out.id = remoteId(record.id as string, host);
    out.host = host;
  }
  return out;
}

/** The host a request is for (from its thread or task ids) and the params as that host knows them. */
export type Routed = { kind: 'local' } | { kind: 'host'; host: string; params: unknown } | { kind: 'mixed' };

export function routeParams(params: unknown): Routed {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return { kind: 'local' };
  const record = params as Record<string, unknown>;
  const named = [record.threadId, record.taskId, record.terminalId, ...(Array.isArray(record.threadIds) ? record.threadIds : [])].filter((id): id is string => typeof id === 'string');
  const hosts = new Set(named.map((id) => splitId(id)?.host ?? ''));
  if (hosts.size === 0 || (hosts.size === 1 && hosts.has(''))) return { kind: 'local' };
  if (hosts.size > 1) return { kind: 'mixed' };
  const host = [...hosts][0]!;
  const local = (id: unknown) => (typeof id === 'string' ? (splitId(id)?.id ?? id) : id);
  const rewritten: Record<string, unknown> = { ...record };
  for (const key of ['threadId', 'taskId', 'terminalId'] as const) if (key in record) rewritten[key] = local(record[key]);
  if (Array.isArray(record.threadIds)) rewritten.threadIds = record.threadIds.map(local);
  return { kind: 'host', host, params: rewritten };
}

function isSummary(record: Record<string, unknown>): boolean {
  return typeof record.id === 'string' && typeof record.taskId === 'string' && typeof record.agentIndex === 'number';
}

import { randomBytes } from 'node:crypto';

/** Eight hex characters: short enough for a branch name, random enough for one machine's threads. */
export function shortId(): string {
  return randomBytes(4).toString('hex');
}

export function threadIdFor(id: string): string {
  return `t_${id}`;
}

export function newTaskId(): string {
  return `task_${shortId()}`;
}

/** A sent message's id: stable across restarts, since it is recorded in the thread's log. */
export function newMessageId(): string {
  return `m_${randomBytes(6).toString('hex')}`;
}

/** Branch names for agent threads: `flotilla/<slug>-<short id>`, always a valid git ref. */

const MAX_WORDS = 5;
const MAX_SLUG_LENGTH = 40;

/** Lowercase ASCII words of the task, at most five and 40 characters; 'task' when none are left. */
export function slugify(task: string): string {
  // NFKD splits accented letters into letter + mark, so "café" keeps its "cafe".
  const ascii = task.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = ascii.split(/[^a-z0-9]+/).filter((word) => word.length > 0).slice(0, MAX_WORDS);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) {
      if (!slug) slug = word.slice(0, MAX_SLUG_LENGTH);
      break;
    }
    slug = next;
  }
  return slug || 'task';
}

export function makeBranchName(task: string, shortId: string): string {
  const id = shortId.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'x';
  return `flotilla/${slugify(task)}-${id}`;
}

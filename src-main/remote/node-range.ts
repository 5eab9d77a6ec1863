/**
 * Whether a Node version satisfies package.json's engines.node, for the forms Flotilla writes
 * there: alternatives joined by `||`, each `^X.Y.Z`, `~X.Y.Z`, `>=X[.Y[.Z]]` or an exact version.
 * A form it cannot read does not satisfy, so the check errs towards saying so.
 */
type Version = [number, number, number];

export function parseVersion(text: string): Version | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return range.split('||').some((part) => satisfiesOne(v, part.trim()));
}

function satisfiesOne(v: Version, part: string): boolean {
  const op = /^(\^|~|>=)?\s*(.+)$/.exec(part);
  const bound = op ? parseVersion(op[2]!) : null;
  if (!op || !bound) return false;
  if (op[1] === '>=') return compare(v, bound) >= 0;
  if (op[1] === '^') return v[0] === bound[0] && compare(v, bound) >= 0;
  if (op[1] === '~') return v[0] === bound[0] && v[1] === bound[1] && compare(v, bound) >= 0;
  return compare(v, bound) === 0;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Which values of an environment count as secrets. The fleet scans its own environment with this
 * when it starts, so a key the user exported for some other tool (PGPASSWORD, AWS_SECRET_ACCESS_KEY,
 * DATABASE_URL, a proxy URL with a password) is redacted like a provider key.
 */
import type { NamedSecret } from './secret-set';

/** Anywhere in the name: PGPASSWORD, GITHUB_TOKEN, SENTRY_DSN, AWS_SECRET_ACCESS_KEY. */
const SECRET_WORDS = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|PRIVATE|COOKIE|SESSION|APIKEY|DSN|DATABASE_URL/;

/** One `_`-separated part of the name: OPENAI_KEY, AWS_ACCESS_KEY_ID, DB_PASS, NPM_AUTH. */
const SECRET_PART = /^(\w*KEYS?|PASS|PWD|PW|AUTH|AUTHN|AUTHZ|AUTHORIZATION|OAUTH\w*|SIG|SIGNATURE)$/;

/** `scheme://user:password@host`: the password, and so the whole URL, is a secret. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/i;

export const MIN_SECRET_LENGTH = 8;

export function looksLikeSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_WORDS.test(upper) || upper.split('_').some((part) => SECRET_PART.test(part));
}

/**
 * Too short or too common to be a secret, and redacting it would mangle ordinary output: short
 * values, numbers, single ordinary words ("postgres", "changeme"), and paths (SSH_AUTH_SOCK,
 * GOOGLE_APPLICATION_CREDENTIALS name a file; the file is the secret, its path is everywhere).
 */
export function isTooCommonToRedact(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return true;
  if (/^[0-9.,:-]+$/.test(trimmed)) return true;
  if (/^[A-Za-z]+$/.test(trimmed) && trimmed.length < 12) return true;
  return /^(~|\.{0,2})\/\S*$/.test(trimmed);
}

/** The password inside a `scheme://user:password@host` value, if any. */
export function urlPassword(value: string): string | null {
  const match = URL_WITH_PASSWORD.exec(value.trim());
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** Every secret-looking variable of `env`, and the password of every URL that carries one. */
export function environmentSecrets(env: Readonly<Record<string, string | undefined>>): NamedSecret[] {
  const found: NamedSecret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const password = urlPassword(value);
    if (password !== null) {
      found.push({ name, value });
      if (!isTooCommonToRedact(password)) found.push({ name, value: password });
    } else if (looksLikeSecretName(name) && !isTooCommonToRedact(value)) {
      found.push({ name, value });
    }
  }
  return found;
}

/** Checks that a model server answers at all before N agents are started against it. */

export const PROBE_TIMEOUT_MS = 3_000;

/**
 * Any HTTP answer counts as reachable: a 401 or 404 is the agent's to report precisely
 * (auth_failed, model_not_found); only a refused or silent connection stops the task here.
 */
export async function isModelServerReachable(baseUrl: string, apiKey: string | null, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    const response = await fetch(url, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

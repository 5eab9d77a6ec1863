/**
 * Which environment variables may hold a provider's API key. The fleet sends a provider's key as
 * a bearer token to that provider's base URL, so `apiKeyEnv` naming any variable would let whoever
 * edits a provider send GITHUB_TOKEN to a server of their choice. Allowed are the well-known
 * provider key names and those the user declared by hand in settings.json (`keyEnv`), which no
 * client command can change.
 */

export const WELL_KNOWN_KEY_ENV: readonly string[] = [
  'OPENAI_API_KEY',
  'OPENROUTER_API_KEY',
  'ANTHROPIC_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
  'DEEPSEEK_API_KEY',
  'TOGETHER_API_KEY',
  'FIREWORKS_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'XAI_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'CEREBRAS_API_KEY',
  'PERPLEXITY_API_KEY',
  'HF_TOKEN',
  'OLLAMA_API_KEY',
];

export function isDeclaredKeyEnv(name: string, declared: readonly string[]): boolean {
  return WELL_KNOWN_KEY_ENV.includes(name) || declared.includes(name);
}

/** Null when `apiKeyEnv` may be read; else what the user must do. */
export function keyEnvProblem(apiKeyEnv: string | null | undefined, declared: readonly string[], settingsFile: string): string | null {
  if (!apiKeyEnv || isDeclaredKeyEnv(apiKeyEnv, declared)) return null;
  return (
    `$${apiKeyEnv} is not declared as a key variable. To use it as a provider's API key, add it to ` +
    `"keyEnv" in ${settingsFile} by hand (e.g. "keyEnv": ["${apiKeyEnv}"]), or use a well-known name such as OPENAI_API_KEY.`
  );
}

/**
 * Bumped when a message changes shape in a way an older peer would misread (a command removed or
 * its params/result changed incompatibly). Adding a command or an optional field does not bump it.
 * In a module of its own, importing nothing, so the renderer's early socket script (a few hundred
 * bytes, loaded before the bundle) can check a hello without zod or the schemas.
 */
export const PROTOCOL_VERSION = 1 as const;

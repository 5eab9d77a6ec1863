/**
 * Where the fleet reports what it cannot hand back to a client: malformed worker messages, log
 * problems, unexpected exceptions. The host (app, server, CLI) may route it; the default is stderr.
 */
export interface FleetLogger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: FleetLogger = {
  warn: (message) => console.warn(`[fleet] ${message}`),
  error: (message, error) => console.error(`[fleet] ${message}`, ...(error === undefined ? [] : [error])),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

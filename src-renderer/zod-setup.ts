/**
 * Imported by main.tsx before anything that uses zod. The renderer's CSP (sent by the server and
 * by the Electron window) forbids eval, so zod must not use, or even probe for, its `new Function`
 * fast path. Schemas read this flag when they are built, at import time of the protocol modules,
 * so it is set before them.
 */
import { z } from 'zod';

z.config({ jitless: true });

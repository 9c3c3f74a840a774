// Imported first by main.tsx, before any schema in shared/ is built (the config is zod's, shared by
// its mini and classic forms).
// The server's Content-Security-Policy forbids eval; without this, zod probes for it while building
// schemas and the browser logs a CSP violation. Jitless parsing is plenty fast for one board.
import * as z from 'zod/mini';

z.config({ jitless: true });

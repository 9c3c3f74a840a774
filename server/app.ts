// The Hono app: JSON API under /api, live documents under /sync, the built client for everything else.

import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { accountRoutes } from './api/account.ts';
import { conferenceRoutes } from './api/conferences.ts';
import { joinRoutes } from './api/join.ts';
import { planLinkOpenRoutes } from './api/planLinks.ts';
import { planJsonSchema } from '../shared/plan.ts';
import type { AppEnv } from './api/env.ts';
import { principalFromCookieHeader } from './auth/session.ts';
import type { Deps } from './deps.ts';
import { MAX_BODY_BYTES } from './http/body.ts';
import { MAX_GEDCOM_BYTES } from './family/limits.ts';
import { fail, storeErrorAnswer } from './http/errors.ts';
import { isStoreError } from './store/types.ts';
import { syncRoute } from './sync/route.ts';
import { checkReadiness } from './readiness.ts';
import { clientAddress } from './http/address.ts';
import { sameOrigin } from './http/origin.ts';

/** The status logged for a request its client abandoned before sending all of it (nginx's 499). */
export const CLIENT_CLOSED_REQUEST = 499;

/** Builds the whole HTTP application. main.ts serves it; nothing here listens or reads env. */
export function createApp(deps: Deps) {
  const { log, store } = deps;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: a query string may hold a setup token.
    log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // 'self' covers this server's own ws:// and wss:// (CSP Level 3), and nothing else.
        connectSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      permissionsPolicy: {
        camera: [],
        microphone: [],
        geolocation: [],
        payment: [],
        usb: [],
        fullscreen: ['self'],
      },
    }),
  );

  // Nothing the API answers is for a cache: boards, invites and people change, and some are private.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // Counted in bytes while the body streams in, so an oversized or chunked body is cut off at the
  // limit instead of being buffered whole first (parseBody's own check comes too late for that).
  // A family tree file (GEDCOM) to import is the one body allowed to be larger.
  const apiBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => fail(413, 'The request body is too large.') });
  const familyFile = bodyLimit({ maxSize: MAX_GEDCOM_BYTES, onError: () => fail(413, `The file is too large: the board reads family files of up to ${MAX_GEDCOM_BYTES / 1024 / 1024} MB.`) });
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && /^\/api\/conferences\/[^/]+\/family\/import$/.test(c.req.path) ? familyFile : apiBody)(c, next));

  // Cross-site requests never change anything: a state-changing call must come from our own pages.
  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('origin');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && origin !== undefined && !sameOrigin(origin, deps)) {
      deps.log.info({ security: 'crossSite.refused', path: c.req.path, address: clientAddress(c, deps.config.trustProxy) }, 'security event');
      fail(403, 'Requests from other websites are not accepted.');
    }
    c.set('principal', await principalFromCookieHeader(store, c.req.header('cookie')));
    await next();
  });

  // Liveness: the process answers (the store is not asked; see readiness.ts).
  app.get('/healthz', (c) => c.json({ ok: true, rooms: deps.rooms.size, connections: deps.rooms.connectionCount }));
  app.get('/readyz', async (c) => {
    const readiness = await checkReadiness(deps);
    c.header('Cache-Control', 'no-store');
    return readiness.ready ? c.json({ ok: true, checks: readiness.checks }) : c.json({ error: readiness.error, checks: readiness.checks }, 503);
  });
  app.get('/metrics', async (c) => {
    const { text, contentType } = await deps.metrics.render();
    return c.body(text, 200, { 'content-type': contentType });
  });

  app.route('/api', accountRoutes(deps));
  app.route('/api/conferences', conferenceRoutes(deps));
  app.route('/api/join', joinRoutes(deps));
  app.route('/api/plan-link', planLinkOpenRoutes(deps));
  // Public: the shape of an agreed plan, for the councils' systems that read it.
  const schema = JSON.stringify(planJsonSchema(), null, 2);
  app.get('/api/schema/plan.json', (c) => c.body(schema, 200, { 'content-type': 'application/schema+json; charset=utf-8' }));
  app.all('/api/*', () => fail(404, 'There is no such API endpoint.'));

  app.get('/sync/:conferenceId/:doc', syncRoute(deps));

  if (deps.clientDir !== null) {
    const root = path.relative(process.cwd(), deps.clientDir) || '.';
    const indexHtml = fs.readFileSync(path.join(deps.clientDir, 'index.html'), 'utf8');
    app.use(
      '*',
      serveStatic({
        root,
        // The build wrote .br and .gz copies (client/vite.config.ts); each browser gets what it takes.
        precompressed: true,
        onFound: (file, c) => {
          // Built assets carry a hash of their content in their name: they never change, so browsers
          // keep them for a year. Anything else is checked again each time.
          const hashed = /[\\/]assets[\\/]/.test(file);
          c.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : /favicon\.svg(\.br|\.gz)?$/.test(file) ? 'public, max-age=86400' : 'no-cache');
        },
      }),
    );
    // A file the build did not make (an old bundle, a source map) is not the single-page app.
    app.get('/assets/*', () => fail(404, 'There is no such file.'));
    // Every other page is the single-page app; it routes on the path itself.
    app.get('*', (c) => {
      c.header('cache-control', 'no-cache');
      return c.html(indexHtml);
    });
  } else {
    app.get('*', (c) =>
      c.text('The board has not been built yet. Run `npm start` (it builds the client first).', 503),
    );
  }

  app.notFound((c) => c.json({ error: 'Not found.' }, 404));
  app.onError((err, c) => {
    // The client went away (or was cut off by the request timeout) before its request was complete:
    // nobody is there to answer, and nothing went wrong here. The access log's one line says so.
    if (c.req.raw.signal.aborted) return new Response(null, { status: CLIENT_CLOSED_REQUEST });
    if (err instanceof HTTPException) {
      if (err.res) return err.res;
      return c.json({ error: err.message || 'The request was not accepted.' }, err.status);
    }
    if (isStoreError(err)) {
      const { status, body } = storeErrorAnswer(err);
      log.warn({ store: err.kind, path: c.req.path }, 'store refused a request');
      if (status === 503) c.header('Retry-After', '5');
      return c.json(body, status);
    }
    log.error({ err: { type: err.name, message: err.message, stack: err.stack }, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'Something went wrong on the server. Nothing from this request was saved; please try again.' }, 500);
  });

  return app;
}

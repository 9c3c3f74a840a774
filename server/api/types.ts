// The API's route groups as types, for the client's typed calls (hono/client's `hc`). Types only:
// the client imports this file with `import type`, so no server code reaches the browser bundle.

import type { accountRoutes } from './account.ts';
import type { conferenceRoutes } from './conferences.ts';
import type { joinRoutes } from './join.ts';
import type { planLinkOpenRoutes } from './planLinks.ts';

/** The routes app.ts mounts at /api: setup, sign-in and -out, who am I. */
export type AccountRoutes = ReturnType<typeof accountRoutes>;
/** The routes app.ts mounts at /api/conferences, with their invites, plans and history. */
export type ConferenceRoutes = ReturnType<typeof conferenceRoutes>;
/** The route app.ts mounts at /api/join. */
export type JoinRoutes = ReturnType<typeof joinRoutes>;
/** The routes app.ts mounts at /api/plan-link: reading an agreed plan by the link a family member kept. */
export type PlanLinkRoutes = ReturnType<typeof planLinkOpenRoutes>;

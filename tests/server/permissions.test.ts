// Every role × every action, in every stage of the meeting, against a real server: each HTTP route
// of a conference and both live documents (opening them, and writing to them). The table of what
// should happen is written out below from DESIGN.md and AUTHORITY.md; any cell that differs fails.

import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, readBoard } from '../../shared/board.ts';
import { recordedBy } from '../helpers/yes.ts';
import type { Phase } from '../../shared/phases.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { setNote } from '../../shared/notes.ts';
import { personId } from '../../shared/ids.ts';
import { ApiClient, createConference, invite, join } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { storedRows } from '../helpers/stored.ts';
import { serverPerFile } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

type Who = 'anonymous' | 'coordinator' | 'youngPerson' | 'network' | 'carer' | 'professional' | 'observer' | 'elsewhere';
const WHO: readonly Who[] = ['anonymous', 'coordinator', 'youngPerson', 'network', 'carer', 'professional', 'observer', 'elsewhere'];
const PHASES: readonly Phase[] = ['preparing', 'sharing', 'private', 'planning'];
const PARTICIPANT: ReadonlySet<Who> = new Set(['youngPerson', 'network', 'carer', 'professional', 'observer']);
const AWAY_IN_PRIVATE: ReadonlySet<Who> = new Set(['coordinator', 'professional', 'carer', 'observer']);

/** What the table says for a route: 401 without a session, 404 for someone from another conference. */
function gate(who: Who, allowed: boolean, ok: number, forbidden = 403): number {
  if (who === 'anonymous') return 401;
  if (allowed) return ok;
  if (who === 'elsewhere') return 404;
  return forbidden;
}

interface Route {
  name: string;
  call(api: ApiClient, conferenceId: string, spareInvite: () => Promise<string>): Promise<number>;
  expect(who: Who, phase: Phase): number;
}

/** A coordinator's route: anyone else signed in is told only the coordinator may (whichever conference). */
const onlyCoordinator = (ok: number) => (who: Who) => (who === 'coordinator' ? ok : who === 'anonymous' ? 401 : 403);

const ROUTES: readonly Route[] = [
  { name: 'list conferences', call: (api) => api.get('/api/conferences').then((r) => r.status), expect: onlyCoordinator(200) },
  {
    name: 'create a conference',
    call: (api) => api.post('/api/conferences', { title: 'Another', youngPersonName: 'Sam' }).then((r) => r.status),
    expect: onlyCoordinator(201),
  },
  {
    name: 'read the conference',
    call: (api, id) => api.get(`/api/conferences/${id}`).then((r) => r.status),
    expect: (who) => gate(who, who === 'coordinator' || PARTICIPANT.has(who), 200),
  },
  {
    name: 'list who is in it',
    call: (api, id) => api.get(`/api/conferences/${id}/participants`).then((r) => r.status),
    expect: (who) => gate(who, who === 'coordinator' || PARTICIPANT.has(who), 200),
  },
  {
    name: 'set the stage (to the one it is in)',
    call: (api, id) => api.get(`/api/conferences/${id}`).then((r) => api.post(`/api/conferences/${id}/phase`, { phase: r.json.phase ?? 'planning' })).then((r) => r.status),
    expect: onlyCoordinator(200),
  },
  {
    name: 'agree',
    call: (api, id) => api.post(`/api/conferences/${id}/agreements`).then((r) => r.status),
    expect: (who) => gate(who, PARTICIPANT.has(who) && who !== 'observer', 201),
  },
  {
    name: 'withdraw an agreement',
    call: (api, id) => api.request('DELETE', `/api/conferences/${id}/agreements`).then((r) => r.status),
    expect: (who) => gate(who, PARTICIPANT.has(who), 204),
  },
  {
    name: 'list invites',
    call: (api, id) => api.get(`/api/conferences/${id}/invites`).then((r) => r.status),
    expect: onlyCoordinator(200),
  },
  {
    name: 'invite someone',
    call: (api, id) => api.post(`/api/conferences/${id}/invites`, { displayName: 'New person', role: 'network' }).then((r) => r.status),
    expect: onlyCoordinator(201),
  },
  {
    name: 'change a role',
    call: async (api, id, spare) => (await api.request('PATCH', `/api/conferences/${id}/invites/${await spare()}`, { role: 'carer' })).status,
    expect: onlyCoordinator(200),
  },
  {
    name: 'replace a lost link',
    call: async (api, id, spare) => (await api.post(`/api/conferences/${id}/invites/${await spare()}/replace`, {})).status,
    expect: onlyCoordinator(201),
  },
  {
    name: 'withdraw an invite',
    call: async (api, id, spare) => (await api.request('DELETE', `/api/conferences/${id}/invites/${await spare()}`)).status,
    expect: onlyCoordinator(204),
  },
  {
    name: 'change the conference’s details',
    call: (api, id) => api.request('PATCH', `/api/conferences/${id}`, { place: 'Invented Family Centre' }).then((r) => r.status),
    expect: onlyCoordinator(200),
  },
  {
    name: 're-invite the same people',
    call: async (api, id, spare) => (await api.post(`/api/conferences/${id}/invites/reinvite`, { inviteIds: [await spare()] })).status,
    expect: onlyCoordinator(201),
  },
  {
    // No sending is set up on this server: the coordinator is told so; nobody else gets that far.
    name: 'send an invite link by email',
    call: async (api, id) => {
      const made = await invite(live.coordinator, id, 'network', 'To send to');
      return (await api.post(`/api/conferences/${id}/invites/${made.id}/send`, { channel: 'email', to: 'someone@example.org', token: made.token })).status;
    },
    expect: onlyCoordinator(409),
  },
  {
    // Before any plan is agreed there is no link to keep: participants are told so.
    name: 'make a link to keep to the agreed plan',
    call: (api, id) => api.post(`/api/conferences/${id}/plans/1/link`).then((r) => r.status),
    expect: (who) => (who === 'coordinator' ? 403 : gate(who, PARTICIPANT.has(who), 404)),
  },
  {
    name: 'read the history',
    call: (api, id) => api.get(`/api/conferences/${id}/history`).then((r) => r.status),
    expect: onlyCoordinator(200),
  },
];

/** What opening a live document should do: write, read only, or close with a code. */
function expectedOpen(who: Who, doc: 'board' | 'private', phase: Phase): 'write' | 'read' | number {
  if (who === 'anonymous') return CLOSE.unauthenticated.code;
  if (who === 'elsewhere') return CLOSE.forbidden.code;
  if (doc === 'private') return who === 'coordinator' || who === 'professional' ? 'write' : CLOSE.forbidden.code;
  if (phase === 'private' && AWAY_IN_PRIVATE.has(who)) return CLOSE.privateTime.code;
  return who === 'observer' ? 'read' : 'write';
}

/** Opens a document and says what happened: write, read only, or the close code. */
async function openOutcome(api: ApiClient, conferenceId: string, doc: 'board' | 'private') {
  const client = await connect(api, conferenceId, doc, { waitForSync: false });
  live.open.push(client);
  await waitFor(`${doc} to open or close`, () => client.closes.length > 0 || client.provider.synced);
  // A read-only socket is told so with an auth message right after it joins; let it arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const outcome: 'write' | 'read' | number = client.closes[0]?.code ?? (client.denied.length > 0 ? 'read' : 'write');
  return { client, outcome };
}

describe('every role × every action, in every stage', () => {
  it('finds no permission the table does not give, and no refusal it does not expect', async () => {
    const conferenceId = await createConference(live.coordinator, 'Permissions walk');
    const otherConference = await createConference(live.coordinator, 'Someone else’s');
    const apis = new Map<Who, ApiClient>([
      ['anonymous', new ApiClient(live.server.url)],
      ['coordinator', live.coordinator],
    ]);
    for (const role of ['youngPerson', 'network', 'carer', 'professional', 'observer'] as const) {
      apis.set(role, await join(live.server, (await invite(live.coordinator, conferenceId, role, `The ${role}`)).token));
    }
    apis.set('elsewhere', await join(live.server, (await invite(live.coordinator, otherConference, 'network', 'From elsewhere')).token));
    const spare = async () => (await invite(live.coordinator, conferenceId, 'network', 'Spare')).id;
    // Something to agree to: an offer in "Agreed" with the young person's yes, recorded by the coordinator.
    const setup = await connect(live.coordinator, conferenceId);
    live.open.push(setup);
    const gran = addPerson(setup.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    addOffer(setup.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', column: 'agreed', yes: recordedBy(setup.selfId), createdBy: setup.selfId });
    await waitFor('the agreed offer to be stored', () => storedRows(live.server, conferenceId).length >= 3);
    setup.destroy();
    const mismatches: string[] = [];
    let cells = 0;

    for (const phase of PHASES) {
      expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase })).status).toBe(200);
      for (const who of WHO) {
        const api = apis.get(who)!;
        for (const route of ROUTES) {
          const got = await route.call(api, conferenceId, spare);
          const want = route.expect(who, phase);
          cells += 1;
          if (got !== want) mismatches.push(`${phase} · ${who} · ${route.name}: got ${got}, expected ${want}`);
        }
        for (const doc of ['board', 'private'] as const) {
          const { client, outcome } = await openOutcome(api, conferenceId, doc);
          const want = expectedOpen(who, doc, phase);
          cells += 1;
          if (outcome !== want) mismatches.push(`${phase} · ${who} · open ${doc}: got ${outcome}, expected ${want}`);
          if (outcome !== 'write' && outcome !== 'read') continue;
          // Writing: a writer's change is stored under their name; a reader's is not.
          const rows = storedRows(live.server, conferenceId, doc).length;
          const tag = `${phase}-${who}-${doc}`;
          if (doc === 'board') addPerson(client.doc, { displayName: `Added by ${tag}`, relationship: '', circle: 'friends', connection: 'none', atConference: false });
          else setNote(client.doc, personId(`p-${phase}-${who}`), 'safety', `Noted by ${tag}`);
          const stored = outcome === 'write';
          if (stored) await waitFor(`the write ${tag} to be stored`, () => storedRows(live.server, conferenceId, doc).length > rows);
          else await new Promise((resolve) => setTimeout(resolve, 200));
          cells += 1;
          const now = storedRows(live.server, conferenceId, doc).length;
          if ((now > rows) !== stored) mismatches.push(`${phase} · ${who} · write ${doc}: stored ${now > rows}, expected ${stored}`);
          client.destroy();
        }
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    // Every route and both documents for every role in every stage, plus the writes that were possible.
    expect(cells).toBeGreaterThan(PHASES.length * WHO.length * (ROUTES.length + 2));
    // Nothing written by a reader, or by someone kept out, reached the board.
    const board = await connect(live.coordinator, conferenceId);
    live.open.push(board);
    const names = readBoard(board.doc).people.map((p) => p.displayName);
    expect(names.filter((n) => n.includes('observer') || n.includes('elsewhere') || n.includes('anonymous'))).toEqual([]);
  }, 120_000);
});


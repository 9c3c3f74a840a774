// The client's live document against a real server: a change the server refuses is dropped, the
// board is loaded afresh and agrees with everyone else, and the person is told why in plain words;
// "too many changes" waits and carries on; private family time waits and comes back by itself.

import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, readBoard, ROOT, setMeta } from '../../../shared/board.ts';
import { LiveDoc, TOO_FAST_RETRY_MS, WAITING_POLL_MS, type LiveState } from '../../../client/sync/liveDoc.ts';
import { createConference, type ApiClient } from '../../helpers/api.ts';
import { connect, cookieWebSocket } from '../../helpers/client.ts';
import { storedDoc } from '../../helpers/stored.ts';
import { boardJson, joinBoard, serverPerFile, waitConverged, type Participant } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { recordedBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });

function liveDocFor(api: ApiClient, conferenceId: string, mayReturn?: () => Promise<boolean>): LiveDoc {
  return new LiveDoc({
    url: `${api.base.replace(/^http/, 'ws')}/sync/${conferenceId}`,
    docName: 'board',
    user: null,
    WebSocketPolyfill: cookieWebSocket(api),
    ...(mayReturn ? { mayReturn } : {}),
  });
}

/** A conference with someone else on it, and my own LiveDoc on it (loaded). */
async function meAndSomeoneElse(title: string): Promise<{ conferenceId: string; other: Participant; doc: LiveDoc }> {
  const conferenceId = await createConference(live.coordinator, title);
  const other = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Someone else' });
  const mine = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Me' });
  live.open.push(other);
  mine.destroy();
  const doc = liveDocFor(mine.api, conferenceId);
  await waitFor('my board to load', () => synced(doc.state));
  return { conferenceId, other, doc };
}

function synced(state: LiveState): boolean {
  return state.loaded && state.link === 'live' && state.doc !== null;
}

describe('the client’s live document', () => {
  it('knows when changes made while the connection is down are only in this page, until it is back', async () => {
    const { other, doc } = await meAndSomeoneElse('Unsent');
    try {
      expect(doc.state.unsent).toBe(false);
      const mine = doc.state.doc!;
      addPerson(mine, { displayName: 'Sent at once', relationship: '', circle: 'family', connection: 'none', atConference: false });
      expect(doc.state.unsent).toBe(false);
      doc.state.provider!.disconnect();
      await waitFor('the link to be down', () => doc.state.link === 'offline');
      addPerson(mine, { displayName: 'Made offline', relationship: '', circle: 'family', connection: 'none', atConference: false });
      expect(doc.state.unsent).toBe(true);
      doc.state.provider!.connect();
      await waitFor('the link to be back', () => synced(doc.state));
      expect(doc.state.unsent).toBe(false);
      await waitFor('the change made offline to reach the other person', () => readBoard(other.doc).people.some((p) => p.displayName === 'Made offline'));
    } finally {
      doc.destroy();
    }
  });

  it('says “saved” only once the server has confirmed storing every change made on the page', async () => {
    const { conferenceId, doc } = await meAndSomeoneElse('Saved');
    try {
      expect(doc.state.saved).toBe(true);
      const mine = doc.state.doc!;
      // A burst of changes: not saved until the server has answered for all of them.
      for (let i = 0; i < 5; i += 1) addPerson(mine, { displayName: `Burst ${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false });
      expect(doc.state.saved).toBe(false);
      await waitFor('the page to say saved', () => doc.state.saved);
      // Saved means stored: all five are in the database already.
      expect(readBoard(storedDoc(live.server, conferenceId)).people.map((p) => p.displayName).filter((n) => n.startsWith('Burst'))).toHaveLength(5);

      // Made while the connection is down: not saved until it is back and the server has them.
      doc.state.provider!.disconnect();
      await waitFor('the link to be down', () => doc.state.link === 'offline');
      addPerson(mine, { displayName: 'Made offline', relationship: '', circle: 'family', connection: 'none', atConference: false });
      expect(doc.state.saved).toBe(false);
      doc.state.provider!.connect();
      await waitFor('the page to say saved again', () => synced(doc.state) && doc.state.saved);
      expect(readBoard(storedDoc(live.server, conferenceId)).people.some((p) => p.displayName === 'Made offline')).toBe(true);
    } finally {
      doc.destroy();
    }
  });

  it('drops a refused change, reloads the board to match everyone, and says why', async () => {
    const { other, doc } = await meAndSomeoneElse('Refused');
    try {
      const first = doc.state.doc!;
      addPerson(first, { displayName: 'Kept', relationship: '', circle: 'family', connection: 'none', atConference: false });
      await waitFor('my honest edit to reach the other person', () => readBoard(other.doc).people.length === 1);
      // Only the coordinator may change the title: the server refuses it and closes with 4422.
      first.getMap(ROOT.meta).set('title', 'My own title');
      await waitFor('a fresh board after the refusal', () => doc.state.generation === 2 && synced(doc.state));
      expect(doc.state.notice).toEqual({
        kind: 'refused',
        rule: 'meta.details',
        text: 'Your last change was not saved. Only the coordinator can change the conference details.',
      });
      const fresh = doc.state.doc!;
      expect(fresh).not.toBe(first);
      expect(readBoard(fresh).meta.title).toBe('Refused');
      expect(readBoard(fresh).people.map((p) => p.displayName)).toEqual(['Kept']);
      // And it keeps working: an edit from the fresh board reaches the other person.
      addPerson(fresh, { displayName: 'After the refusal', relationship: '', circle: 'family', connection: 'none', atConference: false });
      await waitFor('both to agree', () => boardJson(fresh) === boardJson(other.doc) && readBoard(other.doc).people.length === 2);
      doc.dismissNotice();
      expect(doc.state.notice).toBeNull();
    } finally {
      doc.destroy();
    }
  });

  it('waits after "too many changes too fast", then carries on with what it had not sent', async () => {
    const { other, doc } = await meAndSomeoneElse('Too fast');
    try {
      const text = doc.state.doc!.getText(ROOT.contingency);
      for (let i = 0; i < 1_500; i += 1) text.insert(text.length, i % 10 === 0 ? ' ' : 'x');
      await waitFor('the pause to be explained', () => doc.state.notice?.kind === 'tooFast');
      await waitFor('everything typed to arrive after the pause', () => readBoard(other.doc).contingency.length === 1_500, TOO_FAST_RETRY_MS + 10_000);
      expect(doc.state.generation).toBe(1);
    } finally {
      doc.destroy();
    }
  }, 30_000);

  it('waits out private family time and comes back to the live board by itself', async () => {
    const conferenceId = await createConference(live.coordinator, 'Waiting');
    const carer = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Carer' });
    carer.destroy();
    const youngPerson = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'youngPerson' });
    live.open.push(youngPerson);
    const phase = async () => String((await carer.api.get(`/api/conferences/${conferenceId}`)).json.phase);
    const doc = liveDocFor(carer.api, conferenceId, async () => (await phase()) !== 'private');
    try {
      await waitFor('the carer’s board to load', () => synced(doc.state));
      await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'private' });
      await waitFor('the carer to wait', () => doc.state.waiting && doc.state.doc === null);
      youngPerson.doc.getText(ROOT.contingency).insert(0, 'Family plan');
      await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' });
      await waitFor('the carer to be back', () => !doc.state.waiting && synced(doc.state), WAITING_POLL_MS + 10_000);
      await waitConverged([youngPerson], 'the family to settle');
      expect(readBoard(doc.state.doc!).contingency).toBe('Family plan');
    } finally {
      doc.destroy();
    }
  }, 30_000);

  it('stops for good, saying so, when the invite is withdrawn', async () => {
    const conferenceId = await createConference(live.coordinator, 'Withdrawn');
    const mine = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Me' });
    mine.destroy();
    const doc = liveDocFor(mine.api, conferenceId);
    try {
      await waitFor('my board to load', () => synced(doc.state));
      await live.coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${mine.inviteId}`);
      await waitFor('the board to close', () => doc.state.closed !== null);
      expect(doc.state.closed?.code).toBe(CLOSE.revoked.code);
    } finally {
      doc.destroy();
    }
  });
});

describe('the client’s live document when the plan is locked', () => {
  /** Makes the conference ready to lock: the plan stage and a review date (the young person is not asked here). */
  async function readyToLock(conferenceId: string): Promise<void> {
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'planning' })).status).toBe(200);
    const coordinator = await connect(live.coordinator, conferenceId);
    live.open.push(coordinator);
    // Something agreed (the young person's yes, recorded by the coordinator), nothing needed as a backup, a review date.
    const gran = addPerson(coordinator.doc, { displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true });
    addOffer(coordinator.doc, { personId: gran, kind: 'visit', text: 'Tea at Gran’s', column: 'agreed', yes: recordedBy(coordinator.selfId), createdBy: coordinator.selfId });
    setMeta(coordinator.doc, { reviewDate: '2027-03-01', contingencyNotNeeded: true });
    await waitFor('the review date to be stored', () => readBoard(storedDoc(live.server, conferenceId)).meta.reviewDate === '2027-03-01');
  }

  it('reloads the agreed plan read-only and says so, with nothing left out', async () => {
    const { conferenceId, doc } = await meAndSomeoneElse('Locked while watching');
    try {
      await readyToLock(conferenceId);
      const before = doc.state.generation;
      const locked = await live.coordinator.post(`/api/conferences/${conferenceId}/lock`, { overrideReason: 'Invented reason for a test' });
      expect(locked.status).toBe(201);
      await waitFor('the agreed plan to load', () => doc.state.generation === before + 1 && synced(doc.state));
      expect(readBoard(doc.state.doc!).meta).toMatchObject({ locked: true, phase: 'agreed', version: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(doc.state.notice).toEqual({ kind: 'locked', text: 'The plan has been agreed and locked. It can no longer be changed.' });
      expect(doc.state.closed).toBeNull();
    } finally {
      doc.destroy();
    }
  });

  it('tells the person when changes they made offline were left out of the agreed plan', async () => {
    const { conferenceId, doc } = await meAndSomeoneElse('Locked while offline');
    try {
      await readyToLock(conferenceId);
      const mine = doc.state.doc!;
      doc.state.provider!.disconnect();
      addPerson(mine, { displayName: 'Added on the bus', relationship: '', circle: 'friends', connection: 'none', atConference: false });
      expect((await live.coordinator.post(`/api/conferences/${conferenceId}/lock`, { overrideReason: 'Invented reason for a test' })).status).toBe(201);
      doc.state.provider!.connect();
      await waitFor('the person to be told', () => doc.state.notice?.kind === 'lockedLeftOut');
      expect(doc.state.notice?.text).toMatch(/before your last changes reached it, so they are not in the agreed plan/);
      const agreed = doc.state.doc!;
      expect(agreed).not.toBe(mine);
      expect(readBoard(agreed).meta.locked).toBe(true);
      expect(readBoard(agreed).people.map((p) => p.displayName)).not.toContain('Added on the bus');
      // Read-only and stable: no endless reconnecting.
      const generation = doc.state.generation;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(doc.state.generation).toBe(generation);
      expect(synced(doc.state)).toBe(true);
    } finally {
      doc.destroy();
    }
  });
});

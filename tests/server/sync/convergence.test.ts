// Replicas of one board, connected through the real relay, end up identical: two people, thirty
// people editing at once, and two people dragging the same offer to different columns offline.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, editOffer, moveOffer, readBoard, setContingency } from '../../../shared/board.ts';
import type { Column } from '../../../shared/board.ts';
import type { OfferId, PersonId } from '../../../shared/ids.ts';
import { createConference } from '../../helpers/api.ts';
import type { BoardClient } from '../../helpers/client.ts';
import { boardJson, joinBoard, pause, sameDocs, stateVectorKey, waitConverged, serverPerFile } from '../../helpers/sync.ts';
import { saidBy } from '../../helpers/yes.ts';

const CROWD = 30;

const live = serverPerFile({ end: 'stop' });

/** `count` people on the board; the first is the young person (whose yes puts offers in "Agreed"), the rest family. */
async function people(conferenceId: string, count: number): Promise<BoardClient[]> {
  const joined = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      joinBoard(live.server, live.coordinator, conferenceId, { name: `Person ${i + 1}`, role: i === 0 ? 'youngPerson' : 'network' }),
    ),
  );
  live.open.push(...joined);
  return joined;
}

function person(doc: Y.Doc, name: string): PersonId {
  return addPerson(doc, { displayName: name, relationship: 'cousin', circle: 'family', connection: 'indirect', atConference: true });
}

describe('convergence through the relay', () => {
  it('brings two people who edit at the same time to the same board', async () => {
    const conferenceId = await createConference(live.coordinator);
    const [a, b] = await people(conferenceId, 2);
    if (!a || !b) throw new Error('two clients expected');

    const gran = person(a.doc, 'Gran');
    const uncle = person(b.doc, 'Uncle Sam');
    addOffer(a.doc, { personId: gran, kind: 'visit', text: 'Visit at half term', createdBy: a.selfId });
    setContingency(b.doc, 'Call the social worker');
    addOffer(b.doc, { personId: uncle, kind: 'call', text: 'Phone on Fridays', createdBy: b.selfId });

    await waitConverged([a, b], 'two clients to converge');
    const board = readBoard(a.doc);
    expect(board.people.map((p) => p.displayName)).toEqual(['Gran', 'Uncle Sam']);
    expect(board.offers.map((o) => o.text).sort()).toEqual(['Phone on Fridays', 'Visit at half term']);
    expect(board.contingency).toBe('Call the social worker');
    expect(boardJson(b.doc)).toBe(boardJson(a.doc));
    expect(stateVectorKey(b.doc)).toBe(stateVectorKey(a.doc));
  });

  it('brings thirty people editing at once, each with their own invite, to one identical board', async () => {
    // Thirty providers each register a process 'exit' listener; that is expected here.
    process.setMaxListeners(CROWD * 2);
    const conferenceId = await createConference(live.coordinator);
    const crowd = await people(conferenceId, CROWD);
    const [first] = crowd;
    if (!first) throw new Error('no clients');
    const shared = person(first.doc, 'Shared Gran');
    const sharedOffer = addOffer(first.doc, { personId: shared, kind: 'visit', text: 'Tea', createdBy: first.selfId });
    await waitConverged(crowd, 'the shared offer to reach everyone');

    // Every client edits at once: its own person and offer, the shared offer's text, and a move (the
    // shared offer between "Suggested" and "Not now"; the young person puts their own in "Agreed").
    const columns: Column[] = ['suggested', 'notNow'];
    crowd.forEach((c, i) => {
      const mine = person(c.doc, `Relative ${String(i).padStart(2, '0')}`);
      const own = addOffer(c.doc, { personId: mine, kind: 'letters', text: `Letter from ${i}`, createdBy: c.selfId });
      const text = readBoard(c.doc).offers.find((o) => o.id === sharedOffer)?.text ?? '';
      editOffer(c.doc, sharedOffer, { text: `${text} +${i}` });
      moveOffer(c.doc, sharedOffer, { column: columns[i % columns.length] ?? 'notNow', beforeId: null });
      if (i === 0) moveOffer(c.doc, own, { column: 'agreed', beforeId: null, yes: saidBy(c.selfId) });
    });

    await waitConverged(crowd, 'thirty clients to converge', 30_000);
    const board = readBoard(first.doc);
    expect(board.problems).toEqual([]);
    expect(board.people).toHaveLength(CROWD + 1);
    expect(board.offers).toHaveLength(CROWD + 1);
    expect(board.offers.filter((o) => o.id === sharedOffer)).toHaveLength(1);
    // Concurrent inserts into one text all survive.
    const sharedText = board.offers.find((o) => o.id === sharedOffer)?.text ?? '';
    for (let i = 0; i < CROWD; i += 1) expect(sharedText).toContain(`+${i}`);
    const json = boardJson(first.doc);
    const sv = stateVectorKey(first.doc);
    for (const c of crowd) {
      expect(boardJson(c.doc)).toBe(json);
      expect(stateVectorKey(c.doc)).toBe(sv);
    }
  });

  it('keeps exactly one copy of an offer two people moved to different columns at once, in the same place for everyone', async () => {
    const conferenceId = await createConference(live.coordinator);
    const [a, b] = await people(conferenceId, 2);
    if (!a || !b) throw new Error('two clients expected');
    const gran = person(a.doc, 'Gran');
    const other = addOffer(a.doc, { personId: gran, kind: 'call', text: 'Already agreed', column: 'agreed', yes: saidBy(a.selfId), createdBy: a.selfId });
    const dragged = addOffer(a.doc, { personId: gran, kind: 'visit', text: 'Sunday lunch', createdBy: a.selfId });
    await waitConverged([a, b], 'both to see the offers');

    // Both go offline, so each move is made before either has seen the other.
    a.provider.disconnect();
    b.provider.disconnect();
    // The young person says yes to it; the family member puts it in "Not now".
    moveOffer(a.doc, dragged, { column: 'agreed', beforeId: other, yes: saidBy(a.selfId) });
    moveOffer(b.doc, dragged, { column: 'notNow', beforeId: null });
    expect(readBoard(a.doc).offers.find((o) => o.id === dragged)?.column).toBe('agreed');
    expect(readBoard(b.doc).offers.find((o) => o.id === dragged)?.column).toBe('notNow');
    a.provider.connect();
    b.provider.connect();
    await waitConverged([a, b], 'both moves to meet');

    const late = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer' });
    live.open.push(late);
    await waitConverged([a, b, late], 'a late joiner to catch up');
    for (const c of [a, b, late]) {
      const board = readBoard(c.doc);
      const copies = board.offers.filter((o) => o.id === dragged || o.text === 'Sunday lunch');
      expect(copies).toHaveLength(1);
      expect(board.offers).toHaveLength(2);
    }
    const where = (doc: Y.Doc) => {
      const o = readBoard(doc).offers.find((x) => x.id === dragged);
      return { column: o?.column, order: o?.order };
    };
    expect(['agreed', 'notNow']).toContain(where(a.doc).column);
    expect(where(b.doc)).toEqual(where(a.doc));
    expect(where(late.doc)).toEqual(where(a.doc));
  });

  it('keeps one copy when the same offer is moved back and forth by two people many times while both are offline', async () => {
    const conferenceId = await createConference(live.coordinator);
    const [a, b] = await people(conferenceId, 2);
    if (!a || !b) throw new Error('two clients expected');
    const gran = person(a.doc, 'Gran');
    const ids: OfferId[] = ['One', 'Two', 'Three', 'Four'].map((text) =>
      addOffer(a.doc, { personId: gran, kind: 'visit', text, createdBy: a.selfId }),
    );
    await waitConverged([a, b], 'both to see the offers');
    const columns: Column[] = ['suggested', 'agreed', 'notNow'];
    for (let round = 0; round < 5; round += 1) {
      a.provider.disconnect();
      b.provider.disconnect();
      ids.forEach((id, i) => {
        // The young person (a) puts offers in "Agreed" with their yes; the family member (b) takes them out.
        const toA = columns[(i + round) % 3] ?? 'agreed';
        const toB = columns[(i + round + 1) % 3] ?? 'agreed';
        moveOffer(a.doc, id, { column: toA, beforeId: null, ...(toA === 'agreed' ? { yes: saidBy(a.selfId) } : {}) });
        moveOffer(b.doc, id, { column: toB === 'agreed' ? 'suggested' : toB, beforeId: null });
      });
      a.provider.connect();
      // Staggered: b comes back while a is still catching up.
      await pause(round * 5);
      b.provider.connect();
      await waitConverged([a, b], `round ${round} to settle`);
      expect(readBoard(a.doc).offers.map((o) => o.id).sort()).toEqual([...ids].sort());
    }
    expect(sameDocs([a.doc, b.doc])).toBe(true);
  });
});

// Undo on the board: only this browser's own changes, never what arrived from others; a removal
// undone puts the entry back; a change that took someone else's approval stays out of the undo list,
// and so does an addition someone else has changed since (undoing it would delete their work).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, addRelationship, approveOffer, editOffer, editRelationship, emptyRemoved, initBoard, readBoard, removeToList, YOUNG_PERSON } from '../../../shared/board.ts';
import { boardUndoManager, DELETED_FOR_GOOD, deletesOthersWork, keepApprovalsOutOfUndo } from '../../../client/board/undo.ts';

const REMOTE = Symbol('the provider');

/** Two replicas kept in step the way y-websocket does it: the other side's updates arrive with the provider as origin. */
function pair() {
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  mine.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(theirs, update, REMOTE));
  theirs.on('update', (update: Uint8Array, origin: unknown) => origin !== REMOTE && Y.applyUpdate(mine, update, REMOTE));
  initBoard(theirs, { title: 'Plan', youngPersonName: 'Robin', connectionsAtStart: 1 });
  const gran = addPerson(theirs, { displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: true });
  return { mine, theirs, gran };
}

describe('undo on the board', () => {
  it('undoes my own change and leaves someone else’s made in between', () => {
    const { mine, theirs, gran } = pair();
    const manager = boardUndoManager(mine);
    const tea = addOffer(mine, { personId: gran, kind: 'visit', text: 'Tea', createdBy: 'jo' });
    manager.stopCapturing();
    editOffer(mine, tea, { frequency: 'Every week' });
    const call = addOffer(theirs, { personId: gran, kind: 'call', text: 'A call', createdBy: 'sam' });
    manager.undo();
    const read = readBoard(theirs);
    expect(read.offers.find((o) => o.id === tea)?.frequency).toBe('');
    expect(read.offers.map((o) => o.id).sort()).toEqual([tea, call].sort());
    manager.redo();
    expect(readBoard(theirs).offers.find((o) => o.id === tea)?.frequency).toBe('Every week');
    // Nothing of theirs is on my undo list.
    manager.undo();
    manager.undo();
    expect(readBoard(theirs).offers.map((o) => o.id)).toEqual([call]);
    expect(manager.canUndo()).toBe(false);
  });

  it('undoes adding a person with their relationship as one step, and a change of what a relationship is', () => {
    const { mine, theirs, gran } = pair();
    const manager = boardUndoManager(mine);
    mine.transact(() => {
      const mum = addPerson(mine, { displayName: 'Mum', relationship: 'Mum', circle: 'family', connection: 'indirect', atConference: false });
      addRelationship(mine, { from: mum, to: YOUNG_PERSON, kind: 'parent' });
    });
    manager.stopCapturing();
    const line = addRelationship(mine, { from: gran, to: YOUNG_PERSON, kind: 'friend' });
    manager.stopCapturing();
    editRelationship(mine, line, { kind: 'carer' });
    manager.undo();
    expect(readBoard(theirs).relationships.find((l) => l.id === line)?.kind).toBe('friend');
    manager.undo();
    manager.undo();
    expect(readBoard(theirs).people.map((p) => p.displayName)).toEqual(['Gran']);
    expect(theirs.getMap('relationships').size).toBe(0);
    // A line someone else has changed since is not deleted by undoing its adding.
    const kept = addRelationship(mine, { from: gran, to: YOUNG_PERSON, kind: 'friend' });
    editRelationship(theirs, kept, { kind: 'carer' });
    expect(deletesOthersWork(mine, manager.undoStack.at(-1)!)).toBe(true);
  });

  it('puts back what I removed, with its words, by taking the removal away', () => {
    const { mine, theirs, gran } = pair();
    const tea = addOffer(theirs, { personId: gran, kind: 'visit', text: 'Tea on Sundays', createdBy: 'sam' });
    const manager = boardUndoManager(mine);
    removeToList(mine, 'offer', tea, 'jo', new Date().toISOString());
    expect(readBoard(theirs).offers).toEqual([]);
    manager.undo();
    expect(readBoard(theirs).offers.map((o) => o.text)).toEqual(['Tea on Sundays']);
    expect(readBoard(theirs).removed).toEqual([]);
  });

  it('keeps out of undo a change that took away someone else’s approval, and says so', () => {
    const { mine, theirs, gran } = pair();
    const stay = addOffer(theirs, { personId: gran, kind: 'overnightStay', text: 'A weekend', createdBy: 'sam' });
    approveOffer(theirs, stay, 'priya', new Date().toISOString());
    const manager = boardUndoManager(mine);
    let told = 0;
    keepApprovalsOutOfUndo(mine, manager, 'jo', () => (told += 1));
    editOffer(mine, stay, { frequency: 'Twice a year' });
    expect(readBoard(theirs).offers[0]?.approvedBy).toBeNull();
    expect(told).toBe(1);
    expect(manager.canUndo()).toBe(false);
    // My own approval taken back by my own edit is undoable as usual.
    approveOffer(mine, stay, 'jo', new Date().toISOString());
    manager.stopCapturing();
    editOffer(mine, stay, { frequency: 'Once a year' });
    expect(told).toBe(1);
    expect(manager.canUndo()).toBe(true);
  });

  it('will not undo adding something someone else has changed since, but undoes an addition nobody else touched', () => {
    const { mine, theirs, gran } = pair();
    const manager = boardUndoManager(mine);
    const tea = addOffer(mine, { personId: gran, kind: 'visit', text: 'Tea', createdBy: 'jo' });
    manager.stopCapturing();
    const cake = addOffer(mine, { personId: gran, kind: 'visit', text: 'Cake', createdBy: 'jo' });
    // Nobody else has touched "Cake": undoing its addition may delete it.
    const top = () => manager.undoStack[manager.undoStack.length - 1]!;
    expect(deletesOthersWork(mine, top())).toBe(false);
    manager.undo();
    expect(readBoard(theirs).offers.map((o) => o.id)).toEqual([tea]);
    // Someone else says how often "Tea" happens: undoing its addition would delete their words.
    editOffer(theirs, tea, { frequency: 'Every week' });
    expect(deletesOthersWork(mine, top())).toBe(true);
    expect(cake).not.toBe(tea);
  });

  it('keeps emptying “Removed” off the undo list: deleted for good stays deleted', () => {
    const { mine, theirs, gran } = pair();
    const tea = addOffer(theirs, { personId: gran, kind: 'visit', text: 'Tea', createdBy: 'sam' });
    const manager = boardUndoManager(mine);
    removeToList(mine, 'offer', tea, 'casey', new Date().toISOString());
    manager.stopCapturing();
    expect(emptyRemoved(mine, DELETED_FOR_GOOD)).toBe(1);
    // Undo takes back the removal step only; the offer it was on is gone for good.
    manager.undo();
    expect(readBoard(theirs).offers).toEqual([]);
    expect(theirs.getMap('offers').has(tea)).toBe(false);
    expect(manager.canUndo()).toBe(false);
  });
});

// Prepared document histories, made with the board's named mutations: the 2,000-offer burst and the
// long history of the cold-open test. The history costs seconds to make, so it is cached under
// bench/results/cache/, keyed by the board code it was made with.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { addOffer, addPerson, editOffer, initBoard, moveOffer } from '../shared/board.ts';
import type { OfferId, PersonId } from '../shared/ids.ts';
import { ROOT_DIR } from './servers.ts';

/** The Yjs client id of the generated history's author, so "complete" can be checked by its clock. */
export const HISTORY_CLIENT = 4_242_424;
const INIT_CLIENT = 4_242_423;
const BURST_CLIENT = 4_242_425;

/** Length-prefixed list of byte strings. */
export function encodeUpdates(list: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const u of list) size += 4 + u.length;
  const out = Buffer.alloc(size);
  let at = 0;
  for (const u of list) {
    out.writeUInt32LE(u.length, at);
    out.set(u, at + 4);
    at += 4 + u.length;
  }
  return out;
}

export function decodeUpdates(buf: Uint8Array): Uint8Array[] {
  const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= view.length && out.length < 10_000_000) {
    const len = view.readUInt32LE(at);
    out.push(new Uint8Array(view.subarray(at + 4, at + 4 + len)));
    at += 4 + len;
  }
  return out;
}

function codeHash(): string {
  const hash = createHash('sha256');
  const dir = path.join(ROOT_DIR, 'shared');
  for (const name of readdirSync(dir).sort()) if (name.endsWith('.ts')) hash.update(name).update(readFileSync(path.join(dir, name)));
  hash.update(readFileSync(new URL(import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

/** The cached file for `name`, made by `make` when missing. Returns its path and whether it was made now. */
export function cached(name: string, make: () => Uint8Array[]): { file: string; made: boolean } {
  const dir = path.join(ROOT_DIR, 'bench/results/cache');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${codeHash()}.bin`);
  if (existsSync(file)) return { file, made: false };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, encodeUpdates(make()));
  renameSync(tmp, file);
  return { file, made: true };
}

function person(doc: Y.Doc, name: string): PersonId {
  return addPerson(doc, { displayName: name, relationship: 'uncle', circle: 'family', connection: 'indirect', atConference: true });
}

/** [a person, then `count` offers of theirs added in ONE transaction], all written as `createdBy`. */
export function makeBurst(count: number, createdBy: string): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = BURST_CLIENT;
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const giver = person(doc, 'Burst giver');
  doc.transact(() => {
    for (let i = 0; i < count; i += 1) {
      addOffer(doc, { personId: giver, kind: 'call', text: `Phone call every week (${i + 1})`, frequency: 'weekly', createdBy });
    }
  });
  doc.destroy();
  if (out.length !== 2) throw new Error(`expected 2 updates, made ${out.length}`);
  return out;
}

/**
 * [the board's first update (as our server writes at conference creation), then `count` single edits
 * by one author: ~0.2 % new offers, ~0.2 % moves, the rest text edits of an offer].
 */
export function makeHistory(count: number): Uint8Array[] {
  const init = new Y.Doc();
  init.clientID = INIT_CLIENT;
  initBoard(init, { title: 'Plan for Sam', youngPersonName: 'Sam', connectionsAtStart: 3 });
  const first = Y.encodeStateAsUpdate(init);
  const doc = new Y.Doc();
  doc.clientID = HISTORY_CLIENT;
  Y.applyUpdate(doc, first);
  const out: Uint8Array[] = [first];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const giver = person(doc, 'History giver');
  const offers: OfferId[] = [];
  for (let i = 1; out.length <= count && i <= 2 * count + 1_000; i += 1) {
    if (offers.length === 0 || i % 500 === 0) {
      offers.push(addOffer(doc, { personId: giver, kind: 'visit', text: `Visit ${offers.length + 1}`, createdBy: 'history' }));
    } else if (i % 500 === 250) {
      // Between "Suggested" and "Not now": "Agreed" needs the young person's yes.
      moveOffer(doc, offers[(i * 7) % offers.length]!, { column: i % 1000 === 250 ? 'notNow' : 'suggested', beforeId: null });
    } else {
      editOffer(doc, offers[(i * 7) % offers.length]!, { text: `Visit, note ${i}` });
    }
  }
  doc.destroy();
  init.destroy();
  return out.slice(0, count + 1);
}

/** The clock the history's author reached in `updates` (for the "complete" check). */
export function finalClock(updates: readonly Uint8Array[], client: number): number {
  const last = updates[updates.length - 1];
  return last === undefined ? 0 : (Y.parseUpdateMeta(last).to.get(client) ?? 0);
}

// Bringing people from a family tree file onto the board: the server reads the file into a preview
// (POST …/family/import, which writes nothing); the coordinator's choices turn it into people and
// relationships here, and one transaction adds them, so everyone sees the family arrive at once.

import type * as Y from 'yjs';
import { addPerson, addRelationship, BoardError, RELATIONSHIP_LABELS, YOUNG_PERSON, type PersonInput, type RelationshipKind } from '../../shared/board.ts';
import type { PersonId } from '../../shared/ids.ts';
import type { Party } from '../../shared/records/field.ts';
import type { Gender } from '../../shared/vocabulary.ts';

/** Someone in the file, as the server's preview gives them (`ref` is the file's own pointer). */
export interface FilePerson {
  ref: string;
  name: string;
  gender: Gender;
  born: number | null;
  died: number | true | null;
}

/** A relationship in the file, between two people's refs (for a parent or carer, the parent or carer first). */
export interface FileRelationship {
  from: string;
  to: string;
  kind: RelationshipKind;
}

/** What the server read from a file. */
export interface FilePreview {
  people: readonly FilePerson[];
  relationships: readonly FileRelationship[];
  problems: readonly string[];
}

/** What the coordinator chose: who to bring, and which of them (if any) is the young person. */
export interface ImportChoices {
  ticked: ReadonlySet<string>;
  /** The ref of the person who is the young person (not added: their lines join the young person), or null. */
  youngPersonRef: string | null;
}

/** One end of a relationship to add: a file ref, or the young person. */
export type End = string | typeof YOUNG_PERSON;

/** The people and relationships to add, by file ref, before any id exists. */
export interface ImportSelection {
  people: Array<{ ref: string; input: PersonInput }>;
  relationships: Array<{ from: End; to: End; kind: RelationshipKind }>;
}

/** What one import did: how many people and relationships arrived, and how many the board refused. */
export interface ImportOutcome {
  people: number;
  relationships: number;
  /** People the board refused (a name it cannot hold). */
  skippedPeople: number;
  /** Relationships the board refused (already on the map, a loop of parents) or whose person was refused. */
  skipped: number;
}

/**
 * "Who they are to Sam" from the file's line between someone and the young person: the kind's
 * label when it reads from that person's side ("Parent", "Brother or sister"), else ''.
 */
function relationshipToYoungPerson(ref: string, preview: FilePreview, youngPersonRef: string | null): string {
  if (youngPersonRef === null) return '';
  for (const line of preview.relationships) {
    const joins = (line.from === ref && line.to === youngPersonRef) || (line.to === ref && line.from === youngPersonRef);
    if (!joins) continue;
    // "Sam is Jo's parent" would make Jo Sam's child, which the vocabulary has no word for yet.
    if (line.kind === 'parent' || line.kind === 'carer') return line.from === ref ? RELATIONSHIP_LABELS[line.kind] : '';
    return RELATIONSHIP_LABELS[line.kind];
  }
  return '';
}

/** Turns a preview and the coordinator's choices into the people and relationships to add. */
export function selectImport(preview: FilePreview, choices: ImportChoices): ImportSelection {
  const { youngPersonRef } = choices;
  const brought = new Set(preview.people.filter((p) => choices.ticked.has(p.ref) && p.ref !== youngPersonRef).map((p) => p.ref));
  const people = preview.people
    .filter((person) => brought.has(person.ref))
    .map((person) => ({
      ref: person.ref,
      input: {
        displayName: person.name,
        relationship: relationshipToYoungPerson(person.ref, preview, youngPersonRef),
        circle: 'family',
        connection: 'none',
        atConference: false,
        gender: person.gender,
        born: person.born,
        died: person.died,
      } satisfies PersonInput,
    }));
  const end = (ref: string): End | null => (ref === youngPersonRef ? YOUNG_PERSON : brought.has(ref) ? ref : null);
  const relationships: ImportSelection['relationships'] = [];
  for (const line of preview.relationships) {
    const [from, to] = [end(line.from), end(line.to)];
    if (from !== null && to !== null && from !== to) relationships.push({ from, to, kind: line.kind });
  }
  return { people, relationships };
}

/**
 * Adds the selection to the board in one transaction: the people, then each relationship between
 * them; whatever the board refuses (a relationship already on the map, a loop of parents) is skipped and counted.
 */
export function bringOntoBoard(doc: Y.Doc, selection: ImportSelection, origin?: unknown): ImportOutcome {
  const outcome: ImportOutcome = { people: 0, relationships: 0, skippedPeople: 0, skipped: 0 };
  doc.transact(() => {
    const ids = new Map<string, PersonId>();
    for (const person of selection.people) {
      try {
        ids.set(person.ref, addPerson(doc, person.input, origin));
        outcome.people += 1;
      } catch (error) {
        // reason: addPerson checks before it writes, so one refused person leaves nothing half-added.
        if (!(error instanceof BoardError)) throw error;
        outcome.skippedPeople += 1;
      }
    }
    const party = (end: End): Party | undefined => (end === YOUNG_PERSON ? YOUNG_PERSON : ids.get(end));
    for (const line of selection.relationships) {
      const [from, to] = [party(line.from), party(line.to)];
      if (from === undefined || to === undefined) {
        outcome.skipped += 1;
        continue;
      }
      try {
        addRelationship(doc, { from, to, kind: line.kind }, origin);
        outcome.relationships += 1;
      } catch (error) {
        // reason: a refused line (a repeat of one on the board) leaves the rest of the family to arrive.
        if (!(error instanceof BoardError)) throw error;
        outcome.skipped += 1;
      }
    }
  }, origin);
  return outcome;
}

/** "Brought 6 people and 5 relationships onto the board", and what was left out. */
export function outcomeWords(outcome: ImportOutcome): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const brought = `Brought ${count(outcome.people, 'person', 'people')} and ${count(outcome.relationships, 'relationship', 'relationships')} onto the board.`;
  const left = [
    ...(outcome.skippedPeople > 0 ? [count(outcome.skippedPeople, 'person', 'people')] : []),
    ...(outcome.skipped > 0 ? [count(outcome.skipped, 'relationship', 'relationships')] : []),
  ];
  return left.length === 0 ? brought : `${brought} Left out ${left.join(' and ')} the board already has or cannot take.`;
}

/** "Born 1851, died 1920", "Born 1990", "Died (year not known)", or "Not given": one column, so a phone shows it whole. */
export function yearsWords({ born, died }: Pick<FilePerson, 'born' | 'died'>): string {
  const parts = [...(born === null ? [] : [`born ${born}`]), ...(died === null ? [] : [died === true ? 'died (year not known)' : `died ${died}`])];
  const words = parts.join(', ');
  return words === '' ? 'Not given' : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

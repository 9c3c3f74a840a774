// Who takes part in a conference, and what each role may do with each live document.

/** Participant roles (invited by link). The coordinator has an account and is not one of these. */
export const ROLES = ['youngPerson', 'network', 'carer', 'professional', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Every kind of connection the server authorises: the coordinator or a participant role. */
export type Actor = 'coordinator' | Role;

/** Plain words for each role, as shown to people. */
export const ROLE_LABELS: Readonly<Record<Actor, string>> = {
  coordinator: 'Coordinator',
  youngPerson: 'Young person',
  network: 'Family and friends',
  carer: 'Carer',
  professional: 'Professional',
  observer: 'Watching only',
};

/** The live documents of a conference. */
export const DOC_NAMES = ['board', 'private'] as const;
export type DocName = (typeof DOC_NAMES)[number];

/** Narrows an unknown value to a Role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Narrows an unknown value to a DocName. */
export function isDocName(value: unknown): value is DocName {
  return typeof value === 'string' && (DOC_NAMES as readonly string[]).includes(value);
}

/** What an actor may do with a document: nothing, read it, or read and write it. */
export type DocAccess = 'none' | 'read' | 'write';

/** The server's rule for who may open which document (DESIGN.md "Who uses it"). */
export function docAccess(actor: Actor, doc: DocName): DocAccess {
  switch (doc) {
    case 'board':
      return actor === 'observer' ? 'read' : 'write';
    case 'private':
      return actor === 'coordinator' || actor === 'professional' ? 'write' : 'none';
    default:
      return assertNever(doc);
  }
}

/** Exhaustiveness guard for switches over closed sets. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

// Who owns each Yjs client id in a document: the first author to write under an id keeps it, so
// nobody can write, or announce presence, as someone else.

import { authorKey } from '../store/types.ts';
import type { Author } from '../store/types.ts';

/** The owners of a document's client ids, as the store has them plus what was stored since. */
export class Owners {
  private readonly byClient: Map<number, Author>;

  constructor(loaded: ReadonlyMap<number, Author>) {
    this.byClient = new Map(loaded);
  }

  get(clientId: number): Author | undefined {
    return this.byClient.get(clientId);
  }

  has(clientId: number): boolean {
    return this.byClient.has(clientId);
  }

  /** True when `clientId` is `author`'s. */
  owns(clientId: number, author: Author): boolean {
    const owner = this.byClient.get(clientId);
    return owner !== undefined && authorKey(owner) === authorKey(author);
  }

  /** True when `clientId` belongs to someone other than `author`. */
  ownedByOther(clientId: number, author: Author): boolean {
    const owner = this.byClient.get(clientId);
    return owner !== undefined && authorKey(owner) !== authorKey(author);
  }

  /** Gives `clients` to `author` (a stored update's claims). */
  claim(clients: readonly number[], author: Author): void {
    for (const client of clients) this.byClient.set(client, author);
  }

  /** Takes the store's owners as the whole truth (after catching up or rebuilding). */
  replace(loaded: ReadonlyMap<number, Author>): void {
    this.byClient.clear();
    for (const [client, author] of loaded) this.byClient.set(client, author);
  }
}

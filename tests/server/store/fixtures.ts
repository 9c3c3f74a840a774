// What every store contract suite shares: opening a fresh store per test, and invented records.

import { afterEach, beforeEach, describe } from 'vitest';
import { conferenceId, coordinatorId, inviteId, newId, participantId } from '../../../shared/ids.ts';
import type { ConferenceId, CoordinatorId } from '../../../shared/ids.ts';
import type { ConferenceRecord, CoordinatorRecord, InviteRecord, Store } from '../../../server/store/types.ts';

/** A fresh empty store; `reopen` closes the last store handed out and opens the same data again. */
export interface OpenedStore {
  store: Store;
  reopen: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

/** Opens a fresh, empty store of one implementation. */
export type OpenStore = () => Promise<OpenedStore>;

export const T0 = 1_700_000_000_000;
export const HOUR_MS = 3_600_000;

/** The current store of a suite's test, and invented records in it. */
export interface StoreFixture {
  readonly store: Store;
  reopen(): Promise<Store>;
  givenCoordinator(overrides?: Partial<CoordinatorRecord>): Promise<CoordinatorRecord>;
  givenConference(createdBy?: CoordinatorId, overrides?: Partial<ConferenceRecord>): Promise<ConferenceRecord>;
  givenInvite(conference?: ConferenceId, overrides?: Partial<InviteRecord>): Promise<InviteRecord>;
}

/** Registers `body` under a describe whose every test gets a fresh store from `open`. */
export function contractSuite(title: string, open: OpenStore, body: (fx: StoreFixture) => void): void {
  describe(title, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    const fx: StoreFixture = {
      get store() {
        return store;
      },
      async reopen() {
        store = await opened.reopen();
        return store;
      },
      async givenCoordinator(overrides = {}) {
        const id = coordinatorId(newId());
        const record: CoordinatorRecord = {
          id,
          name: 'Sam Coordinator',
          email: `${id}@example.org`,
          passwordHash: '$scrypt$n=16384,r=8,p=1$c2FsdA$aGFzaA',
          createdAt: T0,
          ...overrides,
        };
        await store.accounts.createCoordinator(record);
        return record;
      },
      async givenConference(createdBy, overrides = {}) {
        const record: ConferenceRecord = {
          id: conferenceId(newId()),
          title: 'Jordan’s family group conference',
          youngPersonName: 'Jordan',
          scheduledFor: '2025-03-14T10:00',
          place: 'Invented Family Centre',
          connectionsAtStart: 3,
          reviewDate: null,
          createdBy: createdBy ?? (await fx.givenCoordinator()).id,
          createdAt: T0,
          phase: 'preparing',
          locked: false,
          ...overrides,
        };
        await store.conferences.create(record);
        return record;
      },
      async givenInvite(conference, overrides = {}) {
        const id = newId();
        const record: InviteRecord = {
          id: inviteId(id),
          participantId: participantId(id),
          conferenceId: conference ?? (await fx.givenConference()).id,
          displayName: 'Auntie Pat',
          role: 'network',
          relationship: 'Aunt',
          tokenHash: `hash-${newId()}`,
          createdAt: T0,
          expiresAt: T0 + 24 * HOUR_MS,
          usedAt: null,
          revokedAt: null,
          lastSeenAt: null,
          familySide: false,
          ...overrides,
        };
        await store.conferences.createInvite(record);
        return record;
      },
    };
    body(fx);
  });
}

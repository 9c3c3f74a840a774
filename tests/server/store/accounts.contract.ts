// The behaviour every AccountStore implementation must pass: coordinator accounts and sessions.

import { expect, it, describe } from 'vitest';
import { coordinatorId, newId } from '../../../shared/ids.ts';
import type { InviteRecord, SessionRecord } from '../../../server/store/types.ts';
import { contractSuite, HOUR_MS, T0, type OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

/** Registers the account store suite for one implementation. */
export function accountStoreContract(name: string, open: OpenStore): void {
  contractSuite(`${name} account store (contract)`, open, (fx) => {
    const { givenCoordinator, givenConference, givenInvite } = fx;

    describe('coordinators', () => {
      it('counts coordinators, starting from none', async () => {
        expect(await fx.store.accounts.countCoordinators()).toBe(0);
        await givenCoordinator();
        await givenCoordinator();
        expect(await fx.store.accounts.countCoordinators()).toBe(2);
      });

      it('finds a coordinator by id and by email', async () => {
        const sam = await givenCoordinator();
        expect(await fx.store.accounts.getCoordinator(sam.id)).toEqual(sam);
        expect(await fx.store.accounts.findCoordinatorByEmail(sam.email)).toEqual(sam);
      });

      it('matches emails whatever their case and keeps them lower-cased', async () => {
        const sam = await givenCoordinator({ email: 'Sam.Smith@Example.ORG' });
        const found = await fx.store.accounts.findCoordinatorByEmail('SAM.SMITH@example.org');
        expect(found).toEqual({ ...sam, email: 'sam.smith@example.org' });
      });

      it('refuses a second account with the same email in another case', async () => {
        await givenCoordinator({ email: 'sam@example.org' });
        await expect(givenCoordinator({ email: 'SAM@example.org' })).rejects.toMatchObject(storeError('conflict'));
        expect(await fx.store.accounts.countCoordinators()).toBe(1);
      });

      it('refuses a second account with the same id', async () => {
        const sam = await givenCoordinator();
        await expect(givenCoordinator({ id: sam.id, email: 'other@example.org' })).rejects.toMatchObject(storeError('conflict'));
      });

      it('returns null for an unknown coordinator', async () => {
        expect(await fx.store.accounts.getCoordinator(coordinatorId(newId()))).toBeNull();
        expect(await fx.store.accounts.findCoordinatorByEmail('nobody@example.org')).toBeNull();
      });
    });

    describe('sessions', () => {
      it('round-trips coordinator and participant sessions', async () => {
        const sam = await givenCoordinator();
        const invite = await givenInvite();
        const coordinatorSession: SessionRecord = {
          idHash: 'a'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        const participantSession: SessionRecord = {
          idHash: 'b'.repeat(64),
          kind: 'participant',
          participantId: invite.participantId,
          conferenceId: invite.conferenceId,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await fx.store.accounts.createSession(coordinatorSession);
        await fx.store.accounts.createSession(participantSession);
        expect(await fx.store.accounts.findSession(coordinatorSession.idHash, T0)).toEqual(coordinatorSession);
        expect(await fx.store.accounts.findSession(participantSession.idHash, T0)).toEqual(participantSession);
      });

      it('treats a session as gone from the moment it expires', async () => {
        const sam = await givenCoordinator();
        const session: SessionRecord = {
          idHash: 'c'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await fx.store.accounts.createSession(session);
        expect(await fx.store.accounts.findSession(session.idHash, T0 + HOUR_MS - 1)).toEqual(session);
        expect(await fx.store.accounts.findSession(session.idHash, T0 + HOUR_MS)).toBeNull();
      });

      it('tells which of many sessions are still live, in one call however many are asked about', async () => {
        const sam = await givenCoordinator();
        const hashes = Array.from({ length: 1_200 }, (_, i) => i.toString(16).padStart(64, '0'));
        const session = (idHash: string, expiresAt: number): SessionRecord => ({ idHash, kind: 'coordinator', coordinatorId: sam.id, createdAt: T0, expiresAt });
        await fx.store.accounts.createSession(session(hashes[3]!, T0 + HOUR_MS));
        await fx.store.accounts.createSession(session(hashes[1_100]!, T0 + HOUR_MS));
        await fx.store.accounts.createSession(session(hashes[700]!, T0));
        expect(await fx.store.accounts.liveSessions(hashes, T0)).toEqual(new Set([hashes[3], hashes[1_100]]));
        expect(await fx.store.accounts.liveSessions([], T0)).toEqual(new Set());
      });

      it('returns null for an unknown session', async () => {
        expect(await fx.store.accounts.findSession('d'.repeat(64), T0)).toBeNull();
      });

      it('refuses a second session with the same id hash', async () => {
        const sam = await givenCoordinator();
        const session: SessionRecord = {
          idHash: 'e'.repeat(64),
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        };
        await fx.store.accounts.createSession(session);
        await expect(fx.store.accounts.createSession(session)).rejects.toMatchObject(storeError('conflict'));
      });

      it('deletes one session, or every session of one participant', async () => {
        const conference = await givenConference();
        const pat = await givenInvite(conference.id);
        const lee = await givenInvite(conference.id);
        const session = (idHash: string, participant: InviteRecord): SessionRecord => ({
          idHash,
          kind: 'participant',
          participantId: participant.participantId,
          conferenceId: conference.id,
          createdAt: T0,
          expiresAt: T0 + HOUR_MS,
        });
        await fx.store.accounts.createSession(session('pat-phone', pat));
        await fx.store.accounts.createSession(session('pat-laptop', pat));
        await fx.store.accounts.createSession(session('lee-phone', lee));

        await fx.store.accounts.deleteSession('pat-phone');
        expect(await fx.store.accounts.findSession('pat-phone', T0)).toBeNull();
        expect(await fx.store.accounts.findSession('pat-laptop', T0)).not.toBeNull();

        await fx.store.accounts.deleteParticipantSessions(pat.participantId);
        expect(await fx.store.accounts.findSession('pat-laptop', T0)).toBeNull();
        expect(await fx.store.accounts.findSession('lee-phone', T0)).not.toBeNull();

        // Moving to another device: the new session replaces the participant's others, and no one else's.
        await fx.store.accounts.createSession(session('pat-phone-2', pat));
        await fx.store.accounts.createSession(session('pat-tablet', pat), { replaceParticipantSessions: true });
        expect(await fx.store.accounts.findSession('pat-phone-2', T0)).toBeNull();
        expect(await fx.store.accounts.findSession('pat-tablet', T0)).not.toBeNull();
        expect(await fx.store.accounts.findSession('lee-phone', T0)).not.toBeNull();
        // A clash of ids changes nothing, the other sessions included.
        await expect(fx.store.accounts.createSession(session('lee-phone', pat), { replaceParticipantSessions: true })).rejects.toMatchObject(storeError('conflict'));
        expect(await fx.store.accounts.findSession('pat-tablet', T0)).not.toBeNull();
      });

      it('purges exactly the sessions that have expired', async () => {
        const sam = await givenCoordinator();
        const session = (idHash: string, expiresAt: number): SessionRecord => ({
          idHash,
          kind: 'coordinator',
          coordinatorId: sam.id,
          createdAt: T0,
          expiresAt,
        });
        await fx.store.accounts.createSession(session('gone', T0 - 1));
        await fx.store.accounts.createSession(session('ends-now', T0));
        await fx.store.accounts.createSession(session('still-open', T0 + HOUR_MS));
        expect(await fx.store.accounts.deleteExpiredSessions(T0)).toBe(2);
        expect(await fx.store.accounts.findSession('still-open', T0)).not.toBeNull();
        expect(await fx.store.accounts.deleteExpiredSessions(T0)).toBe(0);
      });
    });
  });
}

// The behaviour every ConferenceStore implementation must pass: conferences and their invites.

import { expect, it, describe } from 'vitest';
import { conferenceId, coordinatorId, inviteId, newId } from '../../../shared/ids.ts';
import { newDeliveryId } from '../../../server/store/types.ts';
import { contractSuite, HOUR_MS, T0, type OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

/** Registers the conference store suite for one implementation. */
export function conferenceStoreContract(name: string, open: OpenStore): void {
  contractSuite(`${name} conference store (contract)`, open, (fx) => {
    const { givenCoordinator, givenConference, givenInvite } = fx;

    describe('conferences', () => {
      it('round-trips every field of a conference', async () => {
        const sam = await givenCoordinator();
        const planned = await givenConference(sam.id);
        const agreed = await givenConference(sam.id, { scheduledFor: null, phase: 'agreed', locked: true });
        expect(await fx.store.conferences.get(planned.id)).toEqual(planned);
        expect(await fx.store.conferences.get(agreed.id)).toEqual(agreed);
      });

      it('lists only the conferences a coordinator created, newest first', async () => {
        const sam = await givenCoordinator();
        const alex = await givenCoordinator();
        const older = await givenConference(sam.id, { createdAt: T0 });
        const newer = await givenConference(sam.id, { createdAt: T0 + 1 });
        await givenConference(alex.id);
        expect(await fx.store.conferences.list(sam.id)).toEqual([newer, older]);
        expect(await fx.store.conferences.list(coordinatorId(newId()))).toEqual([]);
      });

      it('refuses a second conference with the same id', async () => {
        const conference = await givenConference();
        await expect(fx.store.conferences.create(conference)).rejects.toMatchObject(storeError('conflict'));
      });

      it('returns null for an unknown conference', async () => {
        expect(await fx.store.conferences.get(conferenceId(newId()))).toBeNull();
      });
    });

    describe('invites', () => {
      it('finds an invite by id and by token hash, and lists a conference’s invites in order', async () => {
        const conference = await givenConference();
        const first = await givenInvite(conference.id, { createdAt: T0, role: 'youngPerson' });
        const second = await givenInvite(conference.id, { createdAt: T0 + 1, role: 'professional' });
        await givenInvite();
        expect(await fx.store.conferences.getInvite(first.id)).toEqual(first);
        expect(await fx.store.conferences.findInviteByTokenHash(second.tokenHash)).toEqual(second);
        expect(await fx.store.conferences.listInvites(conference.id)).toEqual([first, second]);
        expect(await fx.store.conferences.getInvite(inviteId(newId()))).toBeNull();
        expect(await fx.store.conferences.findInviteByTokenHash('no-such-hash')).toBeNull();
      });

      it('refuses a second invite with the same token hash', async () => {
        const first = await givenInvite();
        await expect(givenInvite(first.conferenceId, { tokenHash: first.tokenHash })).rejects.toMatchObject(storeError('conflict'));
      });

      it('lets an invite be claimed once only', async () => {
        const invite = await givenInvite();
        expect(await fx.store.conferences.claimInvite(invite.id, T0 + 10)).toBe(true);
        expect(await fx.store.conferences.claimInvite(invite.id, T0 + 20)).toBe(false);
        expect((await fx.store.conferences.getInvite(invite.id))?.usedAt).toBe(T0 + 10);
      });

      it('lets exactly one of two simultaneous claims win', async () => {
        const invite = await givenInvite();
        const results = await Promise.all([fx.store.conferences.claimInvite(invite.id, T0 + 1), fx.store.conferences.claimInvite(invite.id, T0 + 2)]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('refuses to claim a revoked invite', async () => {
        const invite = await givenInvite();
        await fx.store.conferences.revokeInvite(invite.id, T0 + 5);
        expect(await fx.store.conferences.claimInvite(invite.id, T0 + 10)).toBe(false);
        expect(await fx.store.conferences.getInvite(invite.id)).toEqual({ ...invite, revokedAt: T0 + 5 });
      });

      it('changes an invite’s role, but not once it is withdrawn', async () => {
        const invite = await givenInvite(undefined, { role: 'network' });
        expect(await fx.store.conferences.setInviteRole(invite.id, 'carer')).toBe(true);
        expect(await fx.store.conferences.setInviteRole(invite.id, 'carer')).toBe(false);
        expect((await fx.store.conferences.getInvite(invite.id))?.role).toBe('carer');
        await fx.store.conferences.revokeInvite(invite.id, T0 + 1);
        expect(await fx.store.conferences.setInviteRole(invite.id, 'professional')).toBe(false);
        expect((await fx.store.conferences.getInvite(invite.id))?.role).toBe('carer');
      });

      it('replaces a lost link’s secret for the same participant, making it claimable once more', async () => {
        const invite = await givenInvite();
        expect(await fx.store.conferences.claimInvite(invite.id, T0 + 1)).toBe(true);
        expect(await fx.store.conferences.replaceInviteToken(invite.id, 'new-hash', T0 + 99 * HOUR_MS)).toBe(true);
        expect(await fx.store.conferences.findInviteByTokenHash(invite.tokenHash)).toBeNull();
        const replaced = await fx.store.conferences.findInviteByTokenHash('new-hash');
        expect(replaced).toEqual({ ...invite, tokenHash: 'new-hash', expiresAt: T0 + 99 * HOUR_MS, usedAt: null });
        expect(await fx.store.conferences.claimInvite(invite.id, T0 + 2)).toBe(true);
        await fx.store.conferences.revokeInvite(invite.id, T0 + 3);
        expect(await fx.store.conferences.replaceInviteToken(invite.id, 'third-hash', T0 + 99 * HOUR_MS)).toBe(false);
      });

      it('refuses a replacement secret another invite already has', async () => {
        const first = await givenInvite();
        const second = await givenInvite(first.conferenceId);
        await expect(fx.store.conferences.replaceInviteToken(second.id, first.tokenHash, T0 + HOUR_MS)).rejects.toMatchObject(storeError('conflict'));
      });

      it('remembers when a participant was last on the board, never going back in time', async () => {
        const invite = await givenInvite();
        await fx.store.conferences.touchInvite(invite.id, T0 + 50);
        await fx.store.conferences.touchInvite(invite.id, T0 + 20);
        expect((await fx.store.conferences.getInvite(invite.id))?.lastSeenAt).toBe(T0 + 50);
      });

      it('keeps the first revocation time when revoked twice', async () => {
        const invite = await givenInvite();
        await fx.store.conferences.revokeInvite(invite.id, T0 + 5);
        await fx.store.conferences.revokeInvite(invite.id, T0 + 9);
        expect((await fx.store.conferences.getInvite(invite.id))?.revokedAt).toBe(T0 + 5);
      });

      it('refuses to claim an invite from the moment it expires', async () => {
        const expired = await givenInvite(undefined, { expiresAt: T0 + HOUR_MS });
        expect(await fx.store.conferences.claimInvite(expired.id, T0 + HOUR_MS)).toBe(false);
        const justInTime = await givenInvite(undefined, { expiresAt: T0 + HOUR_MS });
        expect(await fx.store.conferences.claimInvite(justInTime.id, T0 + HOUR_MS - 1)).toBe(true);
      });

      it('refuses to claim an unknown invite', async () => {
        expect(await fx.store.conferences.claimInvite(inviteId(newId()), T0)).toBe(false);
      });
    });

    describe('deleting a conference', () => {
      it('deletes the conference and everything in it, and nothing of any other', async () => {
        const coordinator = await givenCoordinator();
        const doomed = await givenConference(coordinator.id);
        const kept = await givenConference(coordinator.id);
        for (const conference of [doomed, kept]) {
          const invite = await givenInvite(conference.id);
          await fx.store.accounts.createSession({ idHash: `s-${conference.id}`, kind: 'participant', participantId: invite.participantId, conferenceId: conference.id, createdAt: T0, expiresAt: T0 + HOUR_MS });
          await fx.store.docs.append(conference.id, 'board', new Uint8Array([0, 0]), { author: { kind: 'server' }, at: T0, claims: [7] });
          await fx.store.docs.append(conference.id, 'private', new Uint8Array([0, 0]), { author: { kind: 'server' }, at: T0 });
          await fx.store.audit.record({ conferenceId: conference.id, at: T0, actor: null, action: 'conference.created', detail: {} });
          await fx.store.outbox.enqueue({ id: newDeliveryId(), conferenceId: conference.id, version: 1, copy: 'full', body: '{}', createdAt: T0, giveUpAt: T0 + HOUR_MS });
        }
        expect(await fx.store.conferences.delete(doomed.id)).toBe(true);
        expect(await fx.store.conferences.get(doomed.id)).toBeNull();
        expect(await fx.store.conferences.listInvites(doomed.id)).toEqual([]);
        expect(await fx.store.accounts.findSession(`s-${doomed.id}`, T0)).toBeNull();
        expect((await fx.store.docs.load(doomed.id, 'board')).lastSeq).toBe(0);
        expect((await fx.store.docs.load(doomed.id, 'board')).owners.size).toBe(0);
        expect((await fx.store.docs.load(doomed.id, 'private')).lastSeq).toBe(0);
        expect(await fx.store.audit.list(doomed.id, coordinator.id)).toEqual([]);
        expect(await fx.store.outbox.listForConference(doomed.id)).toEqual([]);
        // The other conference is whole.
        expect(await fx.store.conferences.get(kept.id)).not.toBeNull();
        expect(await fx.store.conferences.listInvites(kept.id)).toHaveLength(1);
        expect(await fx.store.accounts.findSession(`s-${kept.id}`, T0)).not.toBeNull();
        expect((await fx.store.docs.load(kept.id, 'board')).lastSeq).toBe(1);
        expect(await fx.store.audit.list(kept.id, coordinator.id)).toHaveLength(1);
        expect(await fx.store.outbox.listForConference(kept.id)).toHaveLength(1);
        // Deleting again, or an unknown conference, says there was nothing.
        expect(await fx.store.conferences.delete(doomed.id)).toBe(false);
        expect(await fx.store.conferences.delete(conferenceId(newId()))).toBe(false);
      });
    });
  });
}

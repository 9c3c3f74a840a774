// The behaviour every AuditStore implementation must pass: the record of who did what.

import { expect, it } from 'vitest';
import type { AuditEvent } from '../../../server/store/types.ts';
import { contractSuite, T0, type OpenStore } from './fixtures.ts';

/** Registers the audit store suite for one implementation. */
export function auditStoreContract(name: string, open: OpenStore): void {
  contractSuite(`${name} audit store (contract)`, open, (fx) => {
    it('lists a conference’s events and its coordinator’s account events in order, and nobody else’s', async () => {
      const sam = await fx.givenCoordinator();
      const alex = await fx.givenCoordinator();
      const mine = await fx.givenConference(sam.id);
      const other = await fx.givenConference(alex.id);
      const pat = await fx.givenInvite(mine.id);
      const events: Array<Omit<AuditEvent, 'id'>> = [
        { conferenceId: null, at: T0, actor: { kind: 'coordinator', id: sam.id }, action: 'signIn.succeeded', detail: {} },
        { conferenceId: mine.id, at: T0 + 1, actor: { kind: 'coordinator', id: sam.id }, action: 'invite.created', detail: { inviteId: pat.id, role: 'network' } },
        { conferenceId: other.id, at: T0 + 2, actor: { kind: 'coordinator', id: alex.id }, action: 'phase.changed', detail: { from: 'preparing', to: 'sharing' } },
        { conferenceId: null, at: T0 + 3, actor: { kind: 'coordinator', id: alex.id }, action: 'signIn.succeeded', detail: {} },
        { conferenceId: mine.id, at: T0 + 4, actor: { kind: 'participant', id: pat.participantId }, action: 'change.refused', detail: { rule: 'meta.details' } },
        { conferenceId: null, at: T0 + 5, actor: null, action: 'signIn.failed', detail: { known: false } },
        { conferenceId: mine.id, at: T0 + 6, actor: { kind: 'server' }, action: 'phase.changed', detail: { from: 'sharing', to: 'private' } },
      ];
      for (const event of events) await fx.store.audit.record(event);
      const listed = await fx.store.audit.list(mine.id, sam.id);
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([events[0], events[1], events[4], events[6]]);
      expect(listed.map((e) => e.id)).toEqual([...listed.map((e) => e.id)].sort((a, b) => a - b));
      expect(await fx.store.audit.list(mine.id, sam.id, { limit: 2 })).toHaveLength(2);
    });
  });
}

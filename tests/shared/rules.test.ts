// The rules table (shared/rules.ts) on its own: who may change what, when, and with what value —
// the rows AUTHORITY.md asks for — and refusals that a person can read whole.

import { describe, expect, it } from 'vitest';
import type { Phase } from '../../shared/phases.ts';
import { PHASES } from '../../shared/phases.ts';
import type { Actor } from '../../shared/roles.ts';
import {
  BOARD_RULES,
  checkValue,
  GENERAL_RULES,
  mayApprove,
  mayWrite,
  parseRefusalReason,
  permits,
  PRIVATE_RULES,
  refusalReason,
  VALUE_REFUSALS,
  type ChangeOp,
  type Deletion,
  type RuleContext,
  type Writer,
} from '../../shared/rules.ts';

const ACTORS: readonly Actor[] = ['coordinator', 'youngPerson', 'network', 'carer', 'professional', 'observer'];
const NOW = Date.parse('2026-11-27T10:00:00Z');

function ctx(writer: Writer, over: Partial<RuleContext> = {}): RuleContext {
  return { writer, selfId: `${writer}-id`, phase: 'planning', locked: false, now: NOW, ...over };
}

/** Who, of every actor and the server, may do `op` at `pattern` on the board. */
function whoMay(op: ChangeOp, pattern: string, over: Partial<RuleContext> = {}, owner?: string): Writer[] {
  return ([...ACTORS, 'server'] as Writer[]).filter((w) => mayWrite('board', op, pattern, ctx(w, over), owner));
}

describe('the rules table', () => {
  it('leaves phase, lock, version and agreements to the server alone', () => {
    for (const key of ['phase', 'locked', 'version']) expect(whoMay('set', `meta.${key}`)).toEqual(['server']);
    for (const op of ['add', 'remove'] as const) expect(whoMay(op, 'agreements.*')).toEqual(['server']);
    expect(whoMay('set', 'agreements.*.agreedAt')).toEqual(['server']);
  });

  it('lets only the coordinator change the title, the young person’s name, the start count and the review date', () => {
    for (const key of ['title', 'youngPersonName', 'connectionsAtStart', 'reviewDate']) expect(whoMay('set', `meta.${key}`)).toEqual(['coordinator']);
  });

  it('lets every writer but observers add, change, move and remove offers', () => {
    const writers = ['coordinator', 'youngPerson', 'network', 'carer', 'professional'];
    expect(whoMay('add', 'offers.*')).toEqual(writers);
    expect(whoMay('remove', 'offers.*')).toEqual(writers);
    expect(whoMay('set', 'offers.*.position')).toEqual(writers);
    expect(whoMay('edit', 'offers.*.text')).toEqual(writers);
    expect(whoMay('edit', 'contingency')).toEqual(writers);
  });

  it('never lets anyone rewrite who added an offer or a wish', () => {
    expect(whoMay('set', 'offers.*.createdBy')).toEqual([]);
    expect(whoMay('set', 'objectives.*.raisedBy')).toEqual([]);
  });

  it('takes a new offer only in the sender’s own name, and an approval only from an approver, in their name, now', () => {
    const offer = (fields: Record<string, unknown>) => ({ createdBy: 'network-id', approvedBy: null, approvedAt: null, ...fields });
    expect(checkValue('board', 'add', 'offers.*', offer({}), ctx('network'))).toBeNull();
    expect(checkValue('board', 'add', 'offers.*', offer({ createdBy: 'someone-else' }), ctx('network'))?.message).toBe(VALUE_REFUSALS.offerNotYours);
    const at = new Date(NOW).toISOString();
    expect(checkValue('board', 'add', 'offers.*', offer({ approvedBy: 'network-id', approvedAt: at }), ctx('network'))?.message).toBe(VALUE_REFUSALS.notApprover);
    expect(checkValue('board', 'set', 'offers.*.approvedBy', 'professional-id', ctx('professional'))).toBeNull();
    expect(checkValue('board', 'set', 'offers.*.approvedBy', 'coordinator-id', ctx('professional'))?.message).toBe(VALUE_REFUSALS.approvalNotYours);
    expect(checkValue('board', 'set', 'offers.*.approvedBy', 'network-id', ctx('network'))?.message).toBe(VALUE_REFUSALS.notApprover);
    expect(checkValue('board', 'set', 'offers.*.approvedAt', at, ctx('coordinator'))).toBeNull();
    const stale = new Date(NOW - 16 * 60_000).toISOString();
    expect(checkValue('board', 'set', 'offers.*.approvedAt', stale, ctx('coordinator'))?.message).toBe(VALUE_REFUSALS.approvalTime);
    // Anyone who may edit offers may clear an approval (editing an approved offer does).
    expect(checkValue('board', 'set', 'offers.*.approvedBy', null, ctx('network'))).toBeNull();
    expect(checkValue('board', 'set', 'offers.*.needsApproval', false, ctx('network'))?.message).toBe(VALUE_REFUSALS.approvalNeeded);
    expect(checkValue('board', 'set', 'offers.*.needsApproval', true, ctx('network'))).toBeNull();
  });

  it('lets the young person, the coordinator and whoever added a wish change it', () => {
    expect(whoMay('edit', 'objectives.*.text', {}, 'someone')).toEqual(['coordinator', 'youngPerson']);
    expect(whoMay('set', 'objectives.*', {}, 'carer-id')).toEqual(['coordinator', 'youngPerson', 'carer']);
    expect(whoMay('add', 'objectives.*')).toEqual(['coordinator', 'youngPerson', 'network', 'carer', 'professional']);
    expect(checkValue('board', 'add', 'objectives.*', { raisedBy: 'other', status: 'open' }, ctx('network'))?.message).toBe(VALUE_REFUSALS.wishNotYours);
  });

  it('deletes a wish, person or offer for good only when it is the writer’s own untouched addition, or the coordinator empties “Removed”', () => {
    const writers = ['coordinator', 'youngPerson', 'network', 'carer', 'professional'];
    const deletion = (ownUntouched: boolean, wasRemoved: boolean): Deletion => ({ ownUntouched, wasRemoved });
    for (const pattern of ['objectives.*', 'people.*', 'offers.*']) {
      // Every writer may try; what the server read of the entry decides.
      expect(whoMay('remove', pattern)).toEqual(writers);
      for (const writer of writers) {
        const as = ctx(writer as Writer);
        expect(checkValue('board', 'remove', pattern, deletion(true, false), as), `${writer} undoing their own addition`).toBeNull();
        expect(checkValue('board', 'remove', pattern, deletion(false, false), as)?.message, writer).toBe(VALUE_REFUSALS.deletedOutright);
        const emptying = checkValue('board', 'remove', pattern, deletion(false, true), as);
        expect(emptying, `${writer} emptying “Removed”`).toEqual(writer === 'coordinator' ? null : { rule: 'deleted', message: VALUE_REFUSALS.deletedOutright });
      }
    }
  });

  it('lets only the coordinator mark wishes met, and only at the review', () => {
    for (const phase of PHASES) {
      expect(whoMay('set', 'objectives.*.status', { phase }), phase).toEqual(phase === 'review' ? ['coordinator'] : []);
    }
  });

  it('lets nobody but the server change a board once the plan is agreed', () => {
    for (const [op, pattern] of [['set', 'meta.title'], ['add', 'offers.*'], ['edit', 'contingency'], ['remove', 'people.*']] as const) {
      expect(whoMay(op, pattern, { locked: true, phase: 'agreed' })).toEqual([]);
      expect(permits('board', op, pattern, ctx('coordinator', { locked: true }))).toEqual(GENERAL_RULES.locked);
    }
    expect(whoMay('set', 'meta.version', { locked: true, phase: 'agreed' })).toEqual(['server']);
  });

  it('keeps the professionals’ notes to professionals and the coordinator', () => {
    const may = (writer: Writer) => mayWrite('private', 'edit', 'notes.*.safety', ctx(writer));
    expect(ACTORS.filter(may)).toEqual(['coordinator', 'professional']);
  });

  it('refuses what has no rule: unknown places and taking a field away', () => {
    expect(permits('board', 'set', 'offers.*.secret', ctx('coordinator'))).toEqual(GENERAL_RULES.unknown);
    expect(permits('board', 'unset', 'offers.*.kind', ctx('coordinator'))).toEqual(GENERAL_RULES.unknown);
  });

  it('offers approving only to professionals and the coordinator, on a draft', () => {
    expect(ACTORS.filter((a) => mayApprove(ctx(a)))).toEqual(['coordinator', 'professional']);
    expect(mayApprove(ctx('professional', { locked: true, phase: 'agreed' as Phase }))).toBe(false);
  });
});

describe('refusals a person can read', () => {
  const messages: Array<{ rule: string; message: string }> = [
    ...Object.values(GENERAL_RULES),
    ...[...BOARD_RULES, ...PRIVATE_RULES].map((r) => ({ rule: r.id, message: r.refusal })),
    ...Object.values(VALUE_REFUSALS).map((message) => ({ rule: 'offers.approval', message })),
  ];

  it('fits every refusal, with its rule, in a WebSocket close reason (123 bytes) without cutting it', () => {
    for (const refusal of messages) {
      const reason = refusalReason(refusal);
      expect(new TextEncoder().encode(reason).byteLength, reason).toBeLessThanOrEqual(123);
      expect(parseRefusalReason(reason), reason).toEqual(refusal);
    }
  });

  it('cuts a longer reason at a character, marking the cut', () => {
    const reason = refusalReason({ rule: 'shape', message: `Too long: ${'é'.repeat(200)}` });
    expect(new TextEncoder().encode(reason).byteLength).toBeLessThanOrEqual(123);
    expect(reason.endsWith('…')).toBe(true);
    expect(parseRefusalReason(reason).rule).toBe('shape');
  });
});

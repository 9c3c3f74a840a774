// The words people see when the server closes their board for good.
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../../shared/protocol.ts';
import { closeMessage } from '../../../client/sync/closeMessages.ts';

describe('closeMessage', () => {
  it('says a deleted conference was deleted, and a missing one could not be found', () => {
    expect(closeMessage(CLOSE.deleted).title).toBe('This conference has been deleted');
    expect(closeMessage(CLOSE.notFound).title).toBe('We could not find this board');
  });

  it('tells the first device that the board was opened on another one', () => {
    expect(closeMessage(CLOSE.movedDevice)).toEqual({
      title: 'Your board is open on another device',
      text: expect.stringMatching(/^You opened your link on another device, so this one has been signed out\./),
    });
    expect(closeMessage(CLOSE.unauthenticated).title).toBe('You are not signed in');
  });

  it('says an invite was withdrawn, and passes on the reason of a code it does not know', () => {
    expect(closeMessage(CLOSE.revoked).title).toBe('Your invite has been withdrawn');
    expect(closeMessage({ code: 4499, reason: 'Something odd.' }).text).toMatch(/^Something odd\. Reload the page/);
  });
});

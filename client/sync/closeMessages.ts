// What to tell people when the server closes their live connection for good (codes 4400–4499).
import { CLOSE } from '../../shared/protocol.ts';

import type { ClosedBy } from './liveDoc.ts';

/** A plain-words explanation of a final close code. */
export function closeMessage(closed: ClosedBy): { title: string; text: string } {
  switch (closed.code) {
    case CLOSE.unauthenticated.code:
      if (closed.reason === CLOSE.movedDevice.reason) {
        return {
          title: 'Your board is open on another device',
          text: 'You opened your link on another device, so this one has been signed out. To use this one again, ask the coordinator for a new link.',
        };
      }
      return {
        title: 'You are not signed in',
        text: 'If you were invited, open your invite link again. If it no longer works, ask the coordinator for a new link.',
      };
    case CLOSE.forbidden.code:
      return { title: 'You cannot open this board', text: 'This board belongs to a different conference. Ask the coordinator if you think this is wrong.' };
    case CLOSE.notFound.code:
      // 4404 is also sent to every open board when its coordinator deletes the conference.
      if (closed.reason === CLOSE.deleted.reason) {
        return { title: 'This conference has been deleted', text: 'The coordinator deleted it and everything in it. If you need the agreed plan, ask the coordinator.' };
      }
      return { title: 'We could not find this board', text: 'The conference may have been removed, or the address is wrong. Ask the coordinator.' };
    case CLOSE.tooLarge.code:
      return { title: 'That change was too large', text: 'The board could not take it. Reload the page to carry on; if it happens again, ask the coordinator.' };
    case CLOSE.revoked.code:
      return {
        title: 'Your invite has been withdrawn',
        text: 'You can no longer see this board. If you think this is a mistake, ask the coordinator for a new link.',
      };
    default:
      return {
        title: 'The board closed the connection',
        text: `${closed.reason || 'The server stopped the connection.'} Reload the page to try again, or ask the coordinator.`,
      };
  }
}

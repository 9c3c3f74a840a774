// On a phone, where the offer columns are tabs: "“Tea at Gran’s” moved to Agreed — 3 offers there
// now. Show Agreed" in the tab the person is looking at, for each offer that just left it (theirs or
// someone else's move), so nobody wonders where their card went. The link opens that tab.
import { useLayoutEffect, useRef } from 'react';
import { COLUMN_LABELS, type Board } from '../../shared/board.ts';
import type { Lanes } from './dragModel.ts';
import { movedWords, type MovedAway } from './movedAway.ts';
import { offerTitle } from './offerTitle.ts';

interface MovedNoticesProps {
  notices: readonly MovedAway[];
  board: Board;
  lanes: Lanes;
  /** The person moved the first one themselves: focus goes to its link (their card left the screen). */
  focusFirst: boolean;
  onShow: (notice: MovedAway) => void;
  onFocused: () => void;
}

export function MovedNotices({ notices, board, lanes, focusFirst, onShow, onFocused }: MovedNoticesProps) {
  const first = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (focusFirst && first.current) {
      first.current.focus();
      onFocused();
    }
  }, [focusFirst, onFocused, notices]);
  if (notices.length === 0) return null;
  return (
    <ul className="moved-notices" aria-label="Offers that moved">
      {notices.map((notice, index) => {
        const offer = board.offers.find((candidate) => candidate.id === notice.offerId);
        const title = offer ? offerTitle(board, offer) : 'An offer';
        return (
          <li key={notice.offerId} className="moved-notice">
            <span>{movedWords(title, notice.to, lanes[notice.to].length)}</span>{' '}
            <button ref={index === 0 ? first : undefined} type="button" className="button button-quiet" onClick={() => onShow(notice)}>
              Show {COLUMN_LABELS[notice.to]}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

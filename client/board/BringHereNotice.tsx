// On everyone else's board: when the coordinator brings everyone to a place, the board goes there
// (unless the person is typing: then it offers to) and says who asked, in words.
import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isTypingTarget } from './shortcuts.ts';
import { elementFor, placeWords, useCoordinatorPlace, type BringHere } from './follow.ts';

function goTo(target: BringHere): void {
  const element = elementFor(target);
  if (!element) return;
  element.scrollIntoView({ block: 'center' });
  element.classList.add('brought-here');
  window.setTimeout(() => element.classList.remove('brought-here'), 4_000);
}

export function BringHereNotice({ awareness }: { awareness: Awareness }) {
  const place = useCoordinatorPlace(awareness);
  const [shown, setShown] = useState<{ name: string; target: BringHere; waiting: boolean } | null>(null);
  // Asks made before this board opened are not acted on.
  const seen = useRef<number>(Date.now());
  const ask = place?.bringHere ?? null;

  useEffect(() => {
    if (ask === null || place === null || ask.at <= seen.current) return;
    seen.current = ask.at;
    const typing = isTypingTarget(document.activeElement);
    if (!typing) goTo(ask);
    setShown({ name: place.name, target: ask, waiting: typing });
  }, [ask, place]);

  if (shown === null) return null;
  return (
    <div className="notice notice-brought no-print" role="status">
      <p>
        {shown.name} brought everyone to {placeWords(shown.target)}.
        {shown.waiting && ' You were typing, so your board stayed where it was.'}
      </p>
      <div className="button-row">
        {shown.waiting && (
          <button type="button" className="button" onClick={() => goTo(shown.target)}>
            Go there
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={() => setShown(null)}>
          OK
        </button>
      </div>
    </div>
  );
}

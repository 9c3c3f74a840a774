// On everyone else's board: when the coordinator brings everyone to a place, the board goes there
// (unless the person is typing: then it offers to) and says who asked, in words. Brought to the people
// while the coordinator's board shows them as a map, it shows the map too.
import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { isTypingTarget } from './shortcuts.ts';
import { bringsToMap, elementFor, placeWords, REVEAL_ON_MAP, SHOW_PEOPLE_MAP, useCoordinatorPlace, type BringHere, type CoordinatorPlace } from './follow.ts';

/** How many frames to wait for the people's map to be drawn before giving up on the person brought to. */
const MAP_WAIT_FRAMES = 20;

function goTo(target: BringHere, peopleView: CoordinatorPlace['peopleView']): void {
  const toMap = bringsToMap(target, peopleView);
  if (toMap) document.dispatchEvent(new CustomEvent(SHOW_PEOPLE_MAP, { detail: peopleView }));
  let frames = 0;
  const attempt = () => {
    const element = elementFor(target);
    // Brought to a person on the map: their card in the list is still there until the map is drawn.
    const waiting = element === null || (toMap && target.kind === 'person' && element.closest('.family-map') === null);
    if (waiting && frames < MAP_WAIT_FRAMES) {
      frames += 1;
      window.requestAnimationFrame(attempt);
      return;
    }
    if (!element) return;
    element.dispatchEvent(new Event(REVEAL_ON_MAP, { bubbles: true }));
    element.scrollIntoView({ block: 'center' });
    element.classList.add('brought-here');
    window.setTimeout(() => element.classList.remove('brought-here'), 4_000);
  };
  attempt();
}

export function BringHereNotice({ awareness }: { awareness: Awareness }) {
  const place = useCoordinatorPlace(awareness);
  const [shown, setShown] = useState<{ name: string; target: BringHere; peopleView: CoordinatorPlace['peopleView']; waiting: boolean } | null>(null);
  // Asks made before this board opened are not acted on.
  const seen = useRef<number>(Date.now());
  const ask = place?.bringHere ?? null;

  useEffect(() => {
    if (ask === null || place === null || ask.at <= seen.current) return;
    seen.current = ask.at;
    const typing = isTypingTarget(document.activeElement);
    if (!typing) goTo(ask, place.peopleView);
    setShown({ name: place.name, target: ask, peopleView: place.peopleView, waiting: typing });
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
          <button type="button" className="button" onClick={() => goTo(shown.target, shown.peopleView)}>
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

// The board's top strip: whose plan it is and "Here now"; and the connection state for the sticky banner.
import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../shared/roles.ts';
import type { HereNow } from '../sync/presence.ts';
import type { LinkState } from '../sync/useBoardConnection.ts';

type LinkWords = Readonly<Record<LinkState | 'noNetwork' | 'saving', { icon: string; text: string }>>;

// Honest about where changes are: in this page only, until the connection is back…
const LINK_WORDS: LinkWords = {
  connecting: { icon: '…', text: 'Connecting…' },
  // "Saved" only once the server has confirmed storing every change made on this page.
  live: { icon: '●', text: 'Saved' },
  saving: { icon: '●', text: 'Saving…' },
  offline: { icon: '○', text: 'Reconnecting… your changes are kept while this page is open' },
  noNetwork: { icon: '○', text: 'Offline — your changes are kept while this page is open' },
};
// …or, on the coordinator's own device, in the browser's storage too, so a reload keeps them.
const KEPT_LINK_WORDS: LinkWords = {
  ...LINK_WORDS,
  offline: { icon: '○', text: 'Reconnecting… your changes are kept on this device' },
  noNetwork: { icon: '○', text: 'Offline — your changes are kept on this device' },
};

/** True while the device says it has no network at all (then "Offline", else "Reconnecting…"). */
function useNoNetwork(): boolean {
  const [offline, setOffline] = useState(() => typeof navigator !== 'undefined' && navigator.onLine === false);
  useEffect(() => {
    const update = () => setOffline(navigator.onLine === false);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return offline;
}

/** Connection state in words plus a shape, never by colour alone. */
export function ConnectionStatus({ link, keptOnDevice = false, saved = true }: { link: LinkState; keptOnDevice?: boolean; saved?: boolean }) {
  const noNetwork = useNoNetwork();
  const state = link === 'offline' && noNetwork ? 'noNetwork' : link === 'live' && !saved ? 'saving' : link;
  const words = (keptOnDevice ? KEPT_LINK_WORDS : LINK_WORDS)[state];
  return (
    <p className={`link-status link-${link}`} role="status">
      <span aria-hidden="true" className="link-icon">
        {words.icon}
      </span>{' '}
      {words.text}
    </p>
  );
}

/** Everyone looking at the board now, as name chips. */
export function HereNowList({ people }: { people: HereNow[] }) {
  return (
    <div className="here-now">
      <h2 className="here-now-title" id="here-now-heading">
        Here now
      </h2>
      <ul className="chips" aria-labelledby="here-now-heading">
        {people.map((person) => (
          <li key={person.clientId} className="chip">
            <span className="chip-dot" aria-hidden="true" style={{ background: person.color }} />
            <bdi>{person.name}</bdi>
            {person.isMe ? ' (you)' : ''}
            <span className="chip-role"> · {ROLE_LABELS[person.role] ?? person.role}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Under the page title: "Plan for Sam" and who is here (the connection sits in the sticky banner). */
export function BoardHeader({ youngPersonName, people }: { youngPersonName: string; people: HereNow[] }) {
  return (
    <div className="board-header">
      <p className="board-for">
        Plan of support for <strong>{youngPersonName}</strong>
      </p>
      <HereNowList people={people} />
    </div>
  );
}

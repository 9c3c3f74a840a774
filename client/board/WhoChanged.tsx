// "Added by Aunt Jo · changed by Robin at 14:05" under a card, from the server's record of authors.
import { isIdShaped } from '../../shared/ids.ts';
import { formatWhen } from '../format.ts';
import { useBoardEnv } from './BoardContext.tsx';

export function WhoChanged({ id, addedBy }: { id: string; addedBy?: string | null }) {
  const { authors, nameOf } = useBoardEnv();
  const known = authors[id];
  const adder = known?.addedBy ?? addedBy ?? null;
  // Wishes from before ids were used hold a name instead.
  const added = adder === null ? null : (nameOf(adder) ?? (isIdShaped(adder) ? 'someone' : adder));
  const changer = known?.changedBy ?? null;
  const changed = changer === null ? null : (nameOf(changer) ?? 'someone');
  if (added === null && changed === null) return null;
  return (
    <p className="item-meta who-changed">
      {added !== null && (
        <>
          Added by <bdi>{added}</bdi>
        </>
      )}
      {added !== null && changed !== null && ' · '}
      {changed !== null && (
        <>
          {added !== null ? 'changed' : 'Changed'} by <bdi>{changed}</bdi>
          {known?.changedAt ? when(formatWhen(known.changedAt)) : ''}
        </>
      )}
    </p>
  );
}

/** " at 14:05" today, " on 3 March at 14:05" another day. */
function when(formatted: string): string {
  return /^\d{2}:\d{2}$/.test(formatted) ? ` at ${formatted}` : ` on ${formatted}`;
}

// On an offer card: "Aunt Jo wrote “Every week” in How often at the same time as you wrote “Every
// month”. The board kept hers." — with a button to use the other words instead, so neither person's
// words vanish without them knowing.
import { editOffer, type Offer } from '../../shared/board.ts';
import type { OfferId } from '../../shared/ids.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv } from './BoardContext.tsx';
import { nameOfClient, type Clash } from './conflicts.ts';
import { OFFER_RECORD } from '../../shared/records/index.ts';


export function ClashNotice({ offer, clash, onDone }: { offer: Offer; clash: Clash; onDone: () => void }) {
  const { doc, awareness, canEdit } = useBoardEnv();
  const { error, run } = useBoardAction();
  const who = nameOfClient(awareness, clash.otherClient);
  const other = clash.kept === 'mine' ? clash.theirs : clash.mine;
  const quoted = (words: string) => (words.trim() === '' ? '(nothing)' : `“${words}”`);
  return (
    <div className="notice notice-clash" role="status">
      <p>
        {who} wrote {quoted(clash.theirs)} in {OFFER_RECORD.fields[clash.field].label} at the same time as you wrote {quoted(clash.mine)}. The board kept{' '}
        {clash.kept === 'mine' ? 'yours' : `${who}’s`}.
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="button-row">
        {canEdit && (
          <button
            type="button"
            className="button"
            onClick={() =>
              run(() => {
                editOffer(doc, offer.id as OfferId, { [clash.field]: other });
                onDone();
              })
            }
          >
            Use {clash.kept === 'mine' ? `${who}’s` : 'mine'}: {quoted(other)}
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={onDone}>
          Keep {quoted(offer[clash.field])}
        </button>
      </div>
    </div>
  );
}

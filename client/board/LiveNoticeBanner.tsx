// A plain-words message about the live connection: a change the board did not keep, or a pause.
import type { LiveNotice } from '../sync/liveDoc.ts';

/** Shown above the board until the person dismisses it; announced when it appears. */
export function LiveNoticeBanner({ notice, onDismiss }: { notice: LiveNotice; onDismiss: () => void }) {
  return (
    <div className={`notice notice-${notice.kind}`} role="alert">
      <p>{notice.text}</p>
      {notice.kind === 'refused' && <p>The board now shows what everyone else sees.</p>}
      <button type="button" className="button" onClick={onDismiss}>
        OK
      </button>
    </div>
  );
}

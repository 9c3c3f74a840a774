// A destructive button with a confirm step: "Remove" → "Remove …? Yes, remove / No, keep it".
import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** Visible text of the first button, e.g. "Remove". */
  label: string;
  /** Its accessible name when the visible text alone is ambiguous, e.g. "Remove Nan". */
  accessibleLabel?: string;
  /** The question, e.g. "Remove this offer?" */
  question: string;
  /** Text of the confirming button, e.g. "Yes, remove". */
  confirmLabel: string;
  onConfirm: () => void;
}

/** Asks once before doing something that cannot be undone. */
export function ConfirmButton({ label, accessibleLabel, question, confirmLabel, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      first.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button ref={first} type="button" className="button button-quiet" aria-label={accessibleLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={question}>
      <p className="confirm-question">{question}</p>
      <div className="button-row">
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            // If the thing is gone this component unmounts; if it was refused, the question closes
            // and the error shows next to the first button again.
            returnFocus.current = true;
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button
          ref={cancel}
          type="button"
          className="button"
          onClick={() => {
            returnFocus.current = true;
            setAsking(false);
          }}
        >
          No, keep it
        </button>
      </div>
    </div>
  );
}

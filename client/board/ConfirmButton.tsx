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
  /** Text of the button that changes nothing (default "No, keep it"). */
  cancelLabel?: string;
  /** 'danger' for something that takes things away (the default), 'primary' for a step that only moves something. */
  tone?: 'danger' | 'primary';
  /** The first button's class (default a quiet button). */
  className?: string;
  onConfirm: () => void;
}

/** Asks once before doing something that cannot be undone. */
export function ConfirmButton({ label, accessibleLabel, question, confirmLabel, cancelLabel = 'No, keep it', tone = 'danger', className = 'button button-quiet', onConfirm }: ConfirmButtonProps) {
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
      <button ref={first} type="button" className={className} aria-label={accessibleLabel} onClick={() => setAsking(true)}>
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
          className={tone === 'danger' ? 'button button-danger' : 'button button-primary'}
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
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

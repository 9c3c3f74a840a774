// An "Add …" button that opens a form below it; closing the form puts focus back on the button.
import { useRef, useState, type ReactNode } from 'react';

interface AddDisclosureProps {
  /** The button's text, e.g. "Add offer". */
  label: string;
  /** The form; call `close()` after a successful add or on "Close". */
  children: (close: () => void) => ReactNode;
}

/** The disclosure pattern: one button with aria-expanded, the form right after it. */
export function AddDisclosure({ label, children }: AddDisclosureProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="add-disclosure">
      <button ref={button} type="button" className="button button-add" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="button-icon">
          {open ? '−' : '+'}
        </span>
        {label}
      </button>
      {open && children(close)}
    </div>
  );
}

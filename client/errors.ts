// Turning failures into the sentence a person reads, for forms and board actions alike.
import { useState, type FormEvent } from 'react';

/** The message of anything thrown (API errors and BoardError carry a readable one). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A form's submit handler with its busy flag and error sentence: `action` runs once per submit,
 * and whatever it throws is shown as the error (throw an Error to refuse with a sentence).
 */
export function useFormAction(action: () => Promise<void>) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, submit };
}

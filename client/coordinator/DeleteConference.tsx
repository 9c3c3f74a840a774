// Deleting a conference and everything in it, at the foot of its page: keeping data no longer than
// needed. Asked once more before it is done, with what will be lost said plainly.
import { useState } from 'react';
import { api } from '../api.ts';
import { ConfirmButton } from '../board/ConfirmButton.tsx';
import { messageOf } from '../errors.ts';
import { navigate } from '../navigate.ts';
import { ErrorMessage } from '../Page.tsx';

export function DeleteConference({ conferenceId, title }: { conferenceId: string; title: string }) {
  const [error, setError] = useState('');
  const remove = () => {
    setError('');
    api.deleteConference(conferenceId).then(
      () => navigate('/', { replace: true }),
      (failure: unknown) => setError(messageOf(failure)),
    );
  };
  return (
    <section className="panel danger-zone" aria-labelledby="delete-conference-heading">
      <h2 id="delete-conference-heading">Delete this conference</h2>
      <p>
        This deletes the board, every agreed version, the professionals’ notes, the invites (everyone’s link stops working) and the record of who did
        what. Only a note that a conference was deleted is kept. Download or send the agreed plan first: this cannot be undone.
      </p>
      <ConfirmButton
        label="Delete this conference"
        question={`Delete “${title}” and everything in it for good?`}
        confirmLabel="Yes, delete it for good"
        onConfirm={remove}
      />
      <ErrorMessage>{error}</ErrorMessage>
    </section>
  );
}

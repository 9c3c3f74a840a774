// Changing a person opened from the map (Enter or a press on them): the person form under the map,
// with "In touch now?" too, since the map has no card to change it on.
import { editPerson, type Person } from '../../../shared/board.ts';
import { useBoardEnv } from '../BoardContext.tsx';
import { EditingNow, useShareEditing } from '../editing.tsx';
import { PersonForm, personEdits } from '../PersonForm.tsx';

export function MapPersonEditor({ person, youngPersonName, onClose }: { person: Person; youngPersonName: string; onClose: () => void }) {
  const { doc, announce, awareness, editors } = useBoardEnv();
  useShareEditing(awareness, { kind: 'person', id: person.id }, true);
  return (
    <div className="map-editor">
      <h3 className="map-editor-title">
        Change <bdi>{person.displayName}</bdi>
      </h3>
      <EditingNow names={editors.get(`person:${person.id}`)} />
      <PersonForm
        person={person}
        youngPersonName={youngPersonName}
        submitLabel="Save changes"
        askConnection
        onClose={onClose}
        onSubmit={(draft) => {
          editPerson(doc, person.id, personEdits(draft, true));
          onClose();
          announce(`Saved changes to ${draft.displayName.trim()}.`);
        }}
      />
    </div>
  );
}

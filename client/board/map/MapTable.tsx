// "The map as a table": the same facts as the map, one row a person, in the map's order.
import type { Person } from '../../../shared/board.ts';
import { CONNECTION_LABELS, GENDERS, SECTOR_LABELS } from '../../../shared/vocabulary.ts';
import { closenessWords, GENDER_WORDS } from './mapWords.ts';

const NOT_SAID = 'Not said';

function diedCell(died: Person['died']): string {
  if (died === null) return '';
  return died === true ? 'Yes (year not known)' : String(died);
}

export function MapTable({ people, order, youngPersonName }: { people: readonly Person[]; order: readonly string[]; youngPersonName: string }) {
  const byId = new Map<string, Person>(people.map((person) => [person.id, person]));
  const rows = order.map((id) => byId.get(id)).filter((person): person is Person => person !== undefined);
  return (
    <details className="map-table">
      <summary>The map as a table</summary>
      <div className="table-scroll" role="region" aria-label="The map as a table" tabIndex={0}>
        <table>
          <caption>{youngPersonName}’s people on the map</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Who they are</th>
              <th scope="col">In touch now?</th>
              <th scope="col">How close</th>
              <th scope="col">Part of life</th>
              <th scope="col">New since the start</th>
              <th scope="col">Gender</th>
              <th scope="col">Born</th>
              <th scope="col">Died</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((person) => (
              <tr key={person.id}>
                <th scope="row">
                  <bdi>{person.displayName}</bdi>
                </th>
                <td>{person.relationship}</td>
                <td>{CONNECTION_LABELS[person.connection]}</td>
                <td>{closenessWords(person.closeness) ?? NOT_SAID}</td>
                <td>{person.sector ? SECTOR_LABELS[person.sector] : NOT_SAID}</td>
                <td>{person.newSinceStart ? 'Yes' : 'No'}</td>
                <td>{GENDERS.includes(person.gender) ? GENDER_WORDS[person.gender] : NOT_SAID}</td>
                <td>{person.born ?? ''}</td>
                <td>{diedCell(person.died)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

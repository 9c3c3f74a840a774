// "The family tree as a table": the same facts as the tree, one row a person, in the tree's order,
// with each person's relationships in words.
import type { Person } from '../../../shared/board.ts';
import { CONNECTION_LABELS, GENDERS, YOUNG_PERSON } from '../../../shared/vocabulary.ts';
import { GENDER_WORDS } from './mapWords.ts';
import { kinToYoungPerson, linesWords, type Kin } from './treeWords.ts';

const NOT_SAID = 'Not said';

export function TreeTable({ people, kin, order, youngPersonName }: { people: readonly Person[]; kin: Kin; order: readonly string[]; youngPersonName: string }) {
  const byId = new Map<string, Person>(people.map((person) => [person.id, person]));
  // Everyone, in the tree's order once it is drawn, then anyone it has not placed yet.
  const ids = [...new Set([...order, YOUNG_PERSON, ...people.map((person) => person.id)])];
  return (
    <details className="map-table">
      <summary>The family tree as a table</summary>
      <div className="table-scroll" role="region" aria-label="The family tree as a table" tabIndex={0}>
        <table>
          <caption>{youngPersonName}’s family tree</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Who they are to {youngPersonName}</th>
              <th scope="col">Relationships</th>
              <th scope="col">In touch now?</th>
              <th scope="col">Gender</th>
              <th scope="col">Born</th>
              <th scope="col">Died</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const person = byId.get(id);
              if (id !== YOUNG_PERSON && !person) return null;
              const kinWord = kinToYoungPerson(kin, id);
              const lines = linesWords(kin, id).map(({ words }) => words);
              return (
                <tr key={id}>
                  <th scope="row">
                    <bdi>{kin.nameOf(id)}</bdi>
                  </th>
                  <td>{id === YOUNG_PERSON ? 'The young person' : kinWord !== null ? `${kinWord.charAt(0).toLocaleUpperCase()}${kinWord.slice(1)}` : (person?.relationship ?? '')}</td>
                  <td>{lines.length > 0 ? lines.join('; ') : 'None yet'}</td>
                  <td>{person ? CONNECTION_LABELS[person.connection] : ''}</td>
                  <td>{person && GENDERS.includes(person.gender) ? GENDER_WORDS[person.gender] : NOT_SAID}</td>
                  <td>{person?.born ?? ''}</td>
                  <td>{person?.died == null ? '' : person.died === true ? 'Yes (year not known)' : String(person.died)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

// The map's key: what the line styles, marks and badges mean, each shown as drawn and said in words.
import type { Person } from '../../../shared/board.ts';
import { PersonMark } from './PersonMark.tsx';

function LineSample({ connection }: { connection: Person['connection'] }) {
  return (
    <svg className="map-key-sample" width="48" height="16" viewBox="0 0 48 16" aria-hidden="true" focusable="false">
      <line className={`map-line map-line-${connection}`} x1={2} y1={8} x2={46} y2={8} />
    </svg>
  );
}

function MarkSample(props: Parameters<typeof PersonMark>[0] & { width?: number }) {
  const width = props.width ?? 32;
  return (
    <svg className="map-key-sample" width={width} height="32" viewBox={`-16 -16 ${width} 32`} aria-hidden="true" focusable="false">
      <PersonMark {...props} />
    </svg>
  );
}

/** The key under the map, with how many people are new since the start. */
export function MapLegend({ people }: { people: readonly Person[] }) {
  const fresh = people.filter((person) => person.newSinceStart).length;
  return (
    <div className="map-key">
      <h3 className="map-key-title">Key</h3>
      <ul className="map-key-list">
        <li>
          <LineSample connection="direct" /> Solid line: in touch
        </li>
        <li>
          <LineSample connection="indirect" /> Dashed line: some contact
        </li>
        <li>
          <LineSample connection="none" /> Dotted line: not in touch
        </li>
        <li>
          <MarkSample gender="female" died={false} newSinceStart={false} /> Circle: woman or girl
        </li>
        <li>
          <MarkSample gender="male" died={false} newSinceStart={false} /> Square: man or boy
        </li>
        <li>
          <MarkSample gender="unknown" died={false} newSinceStart={false} /> Diamond: another way, or not known
        </li>
        <li>
          <MarkSample gender="unknown" died newSinceStart={false} /> Cross: has died
        </li>
        <li>
          <MarkSample gender="unknown" died={false} newSinceStart width={68} /> New since the Lifelong Links work began ({fresh}{' '}
          {fresh === 1 ? 'person' : 'people'})
        </li>
      </ul>
    </div>
  );
}

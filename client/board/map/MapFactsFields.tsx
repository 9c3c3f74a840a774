// The person form's "For the family map" part: every fact optional, in plain words, one group.
// Each set of choices is a radio group (role="radiogroup"), so the board's roving arrow keys leave
// its arrows to choose.
import { SECTOR_LABELS, SECTORS, GENDERS, type Gender, type Sector } from '../../../shared/vocabulary.ts';
import { CLOSENESS_WORDS, GENDER_WORDS } from './mapWords.ts';
import type { MapFactsDraft } from './mapFacts.ts';

const RINGS = [1, 2, 3] as const;

function Choices<T extends string | number | null>({ id, legend, options, value, onChange }: {
  id: string;
  legend: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="field map-choices" role="radiogroup" aria-labelledby={`${id}-legend`}>
      <legend id={`${id}-legend`}>{legend}</legend>
      {options.map((option) => (
        <label key={String(option.value)} className="choice">
          <input type="radio" name={id} checked={value === option.value} onChange={() => onChange(option.value)} /> {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The family-map facts of the person form. */
export function MapFactsFields({ id, draft, youngPersonName, onChange }: {
  id: string;
  draft: MapFactsDraft;
  youngPersonName: string;
  onChange: (patch: Partial<MapFactsDraft>) => void;
}) {
  return (
    <fieldset className="map-facts">
      <legend>For the family map (you can leave these)</legend>
      <p className="hint">These place the person on the map of {youngPersonName}’s people. Leave anything you don’t know.</p>
      <Choices<1 | 2 | 3 | null>
        id={`${id}-closeness`}
        legend={`How close to ${youngPersonName}`}
        options={[...RINGS.map((ring) => ({ value: ring, label: CLOSENESS_WORDS[ring] })), { value: null, label: 'Not said' }]}
        value={draft.closeness}
        onChange={(closeness) => onChange({ closeness })}
      />
      <Choices<Sector | null>
        id={`${id}-sector`}
        legend={`Part of ${youngPersonName}’s life`}
        options={[...SECTORS.map((sector) => ({ value: sector, label: SECTOR_LABELS[sector] })), { value: null, label: 'Not said' }]}
        value={draft.sector}
        onChange={(sector) => onChange({ sector })}
      />
      <div className="field field-check">
        <input id={`${id}-new`} type="checkbox" checked={draft.newSinceStart} onChange={(e) => onChange({ newSinceStart: e.target.checked })} />
        <label htmlFor={`${id}-new`}>New since the Lifelong Links work began</label>
      </div>
      <Choices<Gender>
        id={`${id}-gender`}
        legend="Gender"
        options={GENDERS.map((gender) => ({ value: gender, label: GENDER_WORDS[gender] }))}
        value={draft.gender}
        onChange={(gender) => onChange({ gender })}
      />
      <div className="field map-year">
        <label htmlFor={`${id}-born`}>Year of birth</label>
        <p className="hint" id={`${id}-born-hint`}>
          For example 1962.
        </p>
        <input
          id={`${id}-born`}
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          aria-describedby={`${id}-born-hint`}
          value={draft.born}
          onChange={(e) => onChange({ born: e.target.value })}
        />
      </div>
      <div className="field field-check">
        <input id={`${id}-died`} type="checkbox" checked={draft.hasDied} onChange={(e) => onChange({ hasDied: e.target.checked })} />
        <label htmlFor={`${id}-died`}>Has died</label>
      </div>
      {draft.hasDied && (
        <div className="field map-year">
          <label htmlFor={`${id}-died-year`}>Year they died (if you know it)</label>
          <input
            id={`${id}-died-year`}
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={draft.diedYear}
            onChange={(e) => onChange({ diedYear: e.target.value })}
          />
        </div>
      )}
    </fieldset>
  );
}

// What an exported plan says, in order, as headings, paragraphs, lists and tables: the PDF and the
// Word renderers both lay out exactly these blocks, so the wording lives here once. The words are
// the plan page's (client/plan/AgreedPlan.tsx): plain British English for a child and a grandparent.

import {
  OBJECTIVE_STATUS_LABELS,
  OFFER_KIND_LABELS,
  SUPERVISION_LABELS,
} from '../../shared/board.ts';
import type { Plan } from '../../shared/plan.ts';
import { OFFER_FIELD_LABELS } from '../../shared/planDiff.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { agreementWords, firstNameOf, takingPartAs, yesWords, youngPersonFirst } from '../../shared/planWords.ts';
import { formatDate, formatDateTime } from './dates.ts';
import type { ExportInput, ProfessionalNotes } from './types.ts';
import { ecomapDrawing, type Drawing } from './pictures.ts';
import { genogramDrawing } from './genogramPicture.ts';

/** A stretch of text; `strong` is shown bold. A newline in `text` starts a new line. */
export interface Run {
  text: string;
  strong?: boolean;
}

/** A column of a table: its heading and its share of the table's width. */
export interface TableColumn {
  title: string;
  share: number;
}

/**
 * One block of the document. A paragraph's `direction` is 'auto' when it holds only what someone
 * wrote (it then runs right to left if it starts in Arabic or Hebrew); the plan's own sentences are 'ltr'.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: Run[]; direction: 'ltr' | 'auto' }
  | { kind: 'list'; items: Run[][] }
  | { kind: 'table'; caption: string; columns: TableColumn[]; rows: Run[][][] }
  | { kind: 'figure'; caption: string; drawing: Drawing };

/** The big word across every page of a draft, and in its header. */
export const DRAFT_MARK = 'DRAFT';
/** Who made the file, for its properties. */
export const CREATOR = 'Lifelong Links Board';

/** The document's title: the plan's, marked as a draft when it is one. */
export function documentTitle(input: ExportInput): string {
  return input.draft ? `Draft: ${input.plan.title} (not agreed)` : input.plan.title;
}

/** The words at the foot of every page, beside the page number. */
export function footerText(input: ExportInput): string {
  if (input.draft) return 'Draft — not agreed';
  const version = `Version ${input.plan.version}`;
  return input.sha256 === null ? version : `${version} · SHA-256 ${input.sha256}`;
}

/** "Page 2 of 7". */
export function pageLabel(page: number, pages: number): string {
  return `Page ${page} of ${pages}`;
}

const text = (value: string, strong = false): Run => (strong ? { text: value, strong } : { text: value });
const para = (...runs: Run[]): Block => ({ kind: 'paragraph', runs, direction: 'ltr' });
const own = (value: string): Block => ({ kind: 'paragraph', runs: [text(value)], direction: 'auto' });
const h2 = (value: string): Block => ({ kind: 'heading', level: 2, text: value });
const h3 = (value: string): Block => ({ kind: 'heading', level: 3, text: value });


/** The pictures an export draws that take time to lay out, made before its blocks (the family tree's). */
export interface Pictures {
  genogram: Drawing | null;
}

/** Every block of the export, in reading order. */
export function planContent(input: ExportInput, pictures: Pictures = { genogram: null }): Block[] {
  const { plan } = input;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: documentTitle(input) }];
  if (input.draft) blocks.push(para(text('This is a draft. It has not been agreed and may still change.', true)));
  blocks.push(
    para(
      text(
        input.copy === 'family'
          ? 'This is the family’s copy of the plan.'
          : 'This is the full copy of the plan, for the care record. It has a section for professionals only at the end.',
      ),
    ),
    para(text('This plan is for '), text(plan.youngPersonName, true), text('.')),
    input.draft
      ? para(text(`Draft made on ${formatDate(plan.lockedAt)}.`))
      : para(text(`Agreed plan, version ${plan.version}, locked on ${formatDate(plan.lockedAt)}.`)),
    ...aboutTheConference(plan),
  );
  blocks.push(...whoTookPart(plan), ...wishes(plan), ...offers(plan), ...familyMap(plan, pictures.genogram));
  blocks.push(h2('If part of the plan does not work out'));
  const contingency = paragraphsOf(plan.contingency);
  const noBackup = plan.contingencyNotNeeded === true ? 'No backup plan was needed.' : 'Nothing was written down.';
  blocks.push(...(contingency.length > 0 ? contingency.map(own) : [para(text(noBackup))]));
  blocks.push(
    h2('Review meeting'),
    plan.reviewDate
      ? para(text('The plan will be looked at again on '), text(formatDate(plan.reviewDate), true), text('.'))
      : para(text('No date was set to look at the plan again.')),
  );
  blocks.push(...whoAgreed(plan));
  if (input.copy === 'full' && input.professional !== null && input.professional.length > 0) {
    blocks.push(...forProfessionals(input.professional));
  }
  return blocks;
}

/** The family map's pictures (plans since schema version 3 carry what they need), each with its words. */
function familyMap(plan: Plan, genogram: Drawing | null): Block[] {
  if (plan.people.length === 0 || plan.schemaVersion < 3) return [];
  const first = firstNameOf(plan.youngPersonName);
  return [
    h2(`The people in ${first}’s life`),
    { kind: 'figure', caption: `The map of ${first}’s people: solid lines in touch, dashed some contact, dotted not in touch; nearer the middle is closer.`, drawing: ecomapDrawing(plan) },
    ...(genogram === null
      ? []
      : [
          h3(`${first}’s family tree`),
          {
            kind: 'figure' as const,
            caption: `${first}’s family tree: older generations above, children below their parents; // where parents have parted; dashed lines for other relationships, with their words.`,
            drawing: genogram,
          },
        ]),
  ];
}

/** The pictures of an export that take time to lay out: the family tree, when the plan has relationships. */
export async function planPictures(input: ExportInput): Promise<Pictures> {
  return { genogram: input.plan.people.length > 0 && input.plan.schemaVersion >= 4 ? await genogramDrawing(input.plan) : null };
}

/** The non-empty paragraphs of something someone wrote. */
function paragraphsOf(value: string): string[] {
  return value
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** When and where the conference was, and who coordinated it (plans agreed since schema version 2). */
function aboutTheConference(plan: Plan): Block[] {
  const blocks: Block[] = [];
  const place = plan.place?.trim() ?? '';
  if (plan.conferenceDate || place) {
    const when = plan.conferenceDate ? [text('The conference was on '), text(formatDate(plan.conferenceDate), true)] : [text('The conference was')];
    blocks.push(para(...when, ...(place ? [text(' at '), text(place, true)] : []), text('.')));
  }
  if (plan.coordinator) blocks.push(para(text('Coordinator: '), text(plan.coordinator.name, true), text('.')));
  return blocks;
}

function whoTookPart(plan: Plan): Block[] {
  if (plan.participants !== undefined) {
    const items = plan.participants.map((person): Run[] => [text(person.name, true), text(`, ${takingPartAs(person)}`)]);
    return [h2('Who took part'), items.length > 0 ? { kind: 'list', items } : para(text('Nobody was recorded as taking part.'))];
  }
  // Plans agreed before schema version 2 kept no list: the people at the conference and who agreed.
  const atConference = plan.people.filter((person) => person.atConference);
  const named = new Set(atConference.map((person) => person.name));
  const items: Run[][] = atConference.map((person) => [text(person.name, true), ...(person.relationship ? [text(`, ${person.relationship}`)] : [])]);
  for (const agreement of plan.agreements) {
    if (named.has(agreement.name)) continue;
    named.add(agreement.name);
    items.push([text(agreement.name, true), text(` (${ROLE_LABELS[agreement.role]})`)]);
  }
  return [h2('Who took part'), items.length > 0 ? { kind: 'list', items } : para(text('Nobody was recorded as taking part.'))];
}

function wishes(plan: Plan): Block[] {
  const blocks: Block[] = [h2('What I’d like')];
  if (plan.wishesByCategory.length === 0) return [...blocks, para(text('No wishes were written down.'))];
  const offerById = new Map(plan.offers.map((offer) => [offer.id, offer]));
  for (const group of plan.wishesByCategory) {
    blocks.push(h3(group.label), {
      kind: 'list',
      items: group.wishes.map((wish) => {
        const runs = [text(`“${wish.text}”`)];
        if (wish.status !== 'open') runs.push(text(` — ${OBJECTIVE_STATUS_LABELS[wish.status]}`, true));
        const helpers = wish.offerIds.flatMap((id) => {
          const offer = offerById.get(id);
          return offer ? [`${offer.from} (${OFFER_KIND_LABELS[offer.kind]})`] : [];
        });
        if (helpers.length > 0) runs.push(text(` Helped by: ${helpers.join(', ')}.`));
        return runs;
      }),
    });
  }
  return blocks;
}

const OFFER_COLUMNS: TableColumn[] = [
  { title: 'What', share: 37 },
  { title: OFFER_FIELD_LABELS.howOften, share: 15 },
  { title: OFFER_FIELD_LABELS.startsOn, share: 15 },
  { title: 'Who else is there', share: 14 },
  { title: 'Approval', share: 19 },
];

function offers(plan: Plan): Block[] {
  const blocks: Block[] = [h2('Who will do what')];
  if (plan.offers.length === 0) return [...blocks, para(text('No offers were agreed.'))];
  const wishText = new Map(plan.wishesByCategory.flatMap((group) => group.wishes).map((wish) => [wish.id, wish.text]));
  const people = new Map(plan.people.map((person) => [person.id, person]));
  // Grouped by person in the order of each person's first offer, which is the board's own order.
  const byPerson = new Map<string, Plan['offers']>();
  for (const offer of plan.offers) byPerson.set(offer.personId, [...(byPerson.get(offer.personId) ?? []), offer]);
  for (const [personId, theirs] of byPerson) {
    const first = theirs[0];
    if (!first) continue;
    const relationship = people.get(personId)?.relationship;
    blocks.push(h3(relationship ? `${first.from}, ${relationship}` : first.from), {
      kind: 'table',
      caption: `Offers from ${first.from}`,
      columns: OFFER_COLUMNS,
      rows: theirs.map((offer) => {
        const helps = offer.wishIds.map((id) => wishText.get(id)).filter((wish): wish is string => wish !== undefined);
        const what = [text(OFFER_KIND_LABELS[offer.kind], true), text(`\n${offer.what.trim() || '(no words)'}`)];
        if (helps.length > 0) what.push(text(`\nHelps with: ${helps.join('; ')}`));
        const yes = yesWords(plan, offer);
        if (yes !== null) what.push(text(`\n${yes}`));
        return [
          what,
          [text(offer.howOften || 'Not said')],
          [text(offer.startsOn || 'Not said')],
          [text(SUPERVISION_LABELS[offer.supervision])],
          [approval(offer)],
        ];
      }),
    });
  }
  return blocks;
}

function approval(offer: Plan['offers'][number]): Run {
  if (!offer.needsApproval) return text('Not needed');
  if (offer.approval) return text(`Approved by ${offer.approval.by}, ${formatDateTime(offer.approval.at)}`);
  return text('Needs approval — not approved', true);
}

const AGREEMENT_COLUMNS: TableColumn[] = [
  { title: 'Name', share: 24 },
  { title: 'Taking part as', share: 22 },
  { title: 'What they said', share: 32 },
  { title: 'When', share: 22 },
];

function whoAgreed(plan: Plan): Block[] {
  const blocks: Block[] = [h2('Who agreed')];
  if (plan.agreements.length === 0) {
    blocks.push(para(text('Nobody said “I agree” on the board.')));
  } else {
    const byId = new Map((plan.participants ?? []).flatMap((person) => (person.id === null ? [] : [[person.id, person] as const])));
    const ordered = youngPersonFirst(plan.agreements);
    blocks.push({
      kind: 'table',
      caption: 'Who agreed, in their words, and when',
      columns: AGREEMENT_COLUMNS,
      rows: ordered.map((agreement) => [
        [text(agreement.name)],
        [text(takingPartAs(byId.get(agreement.participantId) ?? { role: agreement.role, relationship: '' }))],
        [text(agreementWords(plan, agreement))],
        [text(formatDateTime(agreement.agreedAt))],
      ]),
    });
  }
  if (plan.agreedWithoutYoungPerson) {
    blocks.push(para(text(`Agreed without ${firstNameOf(plan.youngPersonName)} saying so, because: `, true), text(plan.agreedWithoutYoungPerson)));
  }
  return blocks;
}

const NOTE_FIELDS = [
  ['safety', 'Safety'],
  ['restrictions', 'Contact restrictions'],
  ['contactDetails', 'Contact details'],
  ['mustNotBeTold', 'Must not be told'],
] as const satisfies ReadonlyArray<readonly [keyof ProfessionalNotes, string]>;

function forProfessionals(notes: ProfessionalNotes[]): Block[] {
  const blocks: Block[] = [
    h2('For professionals only'),
    para(text('This section is not in the family’s copy. Do not share it with the family.', true)),
  ];
  for (const note of notes) {
    const items = NOTE_FIELDS.flatMap(([field, label]) => {
      const value = note[field].trim();
      return value ? [[text(`${label}: `, true), text(value)]] : [];
    });
    if (note.notNamedToFamily === true) items.push([text('Not named in the family’s copy of the plan.', true)]);
    blocks.push(h3(note.name), items.length > 0 ? { kind: 'list', items } : para(text('Nothing written down.')));
  }
  return blocks;
}

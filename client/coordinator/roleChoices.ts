// The invite roles in plain words, with who each one is for.
import type { Role } from '../../shared/roles.ts';
import { ROLE_LABELS, ROLES } from '../../shared/roles.ts';

const WHO: Readonly<Record<Role, string>> = {
  youngPerson: 'the child or young person',
  network: 'family, friends, former carers, teachers',
  carer: 'their foster carer or key worker now',
  professional: 'social worker, IRO, team manager',
  observer: 'can see the board but not change it, e.g. a screen in the room',
};

/** Options for the role select: "Young person – the child or young person". */
export const ROLE_CHOICES: ReadonlyArray<{ value: Role; label: string }> = ROLES.map((role) => ({
  value: role,
  label: `${ROLE_LABELS[role]} – ${WHO[role]}`,
}));

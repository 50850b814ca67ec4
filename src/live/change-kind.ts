import { registerEnumType } from '@nestjs/graphql';

/** What a committed change is about, as a dashboard groups them. */
export enum ChangeKind {
  MEETING = 'MEETING',
  PARTICIPATION = 'PARTICIPATION',
  OUTCOME = 'OUTCOME',
  MANDATE = 'MANDATE',
  UNIT = 'UNIT',
  PERSON = 'PERSON',
}

registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What a committed change is about.',
  valuesMap: {
    MEETING: { description: 'A meeting’s details, its recording or cancellation, or a meeting series.' },
    PARTICIPATION: { description: 'Who takes part in a meeting, and their attendance.' },
    OUTCOME: { description: 'A decision or commitment of a meeting, or its status.' },
    MANDATE: { description: 'An appointment: a mandate started, changed or ended.' },
    UNIT: { description: 'The structure: a unit or one of its posts.' },
    PERSON: { description: 'A person’s record.' },
  },
});

/** The audited entity types that are published, each with its kind (a meeting's may be a participation). */
const KIND_OF_ENTITY: Record<string, ChangeKind> = {
  Meeting: ChangeKind.MEETING,
  MeetingSeries: ChangeKind.MEETING,
  Outcome: ChangeKind.OUTCOME,
  Mandate: ChangeKind.MANDATE,
  OrgUnit: ChangeKind.UNIT,
  Position: ChangeKind.UNIT,
  Person: ChangeKind.PERSON,
  ImportBatch: ChangeKind.UNIT,
};

/** An import is published as what it imported. */
const KIND_OF_IMPORT: Record<string, ChangeKind> = {
  importUnits: ChangeKind.UNIT,
  importPeople: ChangeKind.PERSON,
  importMandates: ChangeKind.MANDATE,
  importMeetings: ChangeKind.MEETING,
};

/** Who may sign in and with what: never published (what changed there is the audit trail's business). */
export const UNPUBLISHED_ENTITIES = ['Account', 'ApiToken', 'AccessBinding', 'Session'] as const;

/** The entity types that are published. */
export const PUBLISHED_ENTITIES = Object.keys(KIND_OF_ENTITY);

/** Meeting actions that change who takes part rather than the meeting itself. */
const PARTICIPATION_ACTIONS = /^(setAttendance|addParticipants|removeParticipant)$/;

/** An idempotent call answered again: it committed an audit event but changed nothing. */
export const isReplay = (action: string) => action.endsWith(':replay');

/** The kind a committed change is published as; null when it is never published. */
export function kindOf(entityType: string, action: string): ChangeKind | null {
  const kind = KIND_OF_ENTITY[entityType];
  if (!kind || isReplay(action)) return null;
  if (entityType === 'ImportBatch') return KIND_OF_IMPORT[action] ?? kind;
  if (kind === ChangeKind.MEETING && entityType === 'Meeting' && PARTICIPATION_ACTIONS.test(action)) {
    return ChangeKind.PARTICIPATION;
  }
  return kind;
}

/** The unit an event is filed under: the last label of its path is the unit's id without dashes. */
export function unitIdOfPath(path: string | null): string | null {
  const label = path?.split('.').pop();
  if (!label || !/^[0-9a-f]{32}$/i.test(label)) return null;
  return `${label.slice(0, 8)}-${label.slice(8, 12)}-${label.slice(12, 16)}-${label.slice(16, 20)}-${label.slice(20)}`;
}

import { CoreRegistry1795942600000 } from './1795942600000-core-registry';
import { Meetings1795946400000 } from './1795946400000-meetings';
import { Access1795950000000 } from './1795950000000-access';
import { MandateTermIndex1795960000000 } from './1795960000000-mandate-term-index';
import { MeetingListBounds1795972600000 } from './1795972600000-meeting-list-bounds';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests run the same set. */
export const migrations = [
  CoreRegistry1795942600000,
  Meetings1795946400000,
  Access1795950000000,
  MandateTermIndex1795960000000,
  MeetingListBounds1795972600000,
];

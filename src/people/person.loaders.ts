import { visiblePerson } from '../auth/visibility';
import { byIdLoader } from '../common/batch';
import { Person } from './person.entity';

export const personById = byIdLoader('personById', Person, visiblePerson);

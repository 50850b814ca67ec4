import { Permission } from '../auth/access';
import { defineLoader } from '../common/context';
import { visiblePerson } from '../auth/visibility';
import { byIdLoader } from '../common/batch';
import { Person } from './person.entity';

/** Which of these people the caller may see the contact data of: one query per batch. */
export const contactsVisible = defineLoader<string, boolean>('contactsVisible', (ctx) => async (ids) => {
  const rows = await ctx.manager
    .createQueryBuilder(Person, 'p')
    .select('p.id', 'id')
    .where('p.id = ANY(:ids)', { ids })
    .andWhere(...visiblePerson(ctx, 'p', Permission.Read, true))
    .getRawMany<{ id: string }>();
  const allowed = new Set(rows.map((row) => row.id));
  return ids.map((id) => allowed.has(id));
});

export const personById = byIdLoader('personById', Person, visiblePerson);

import { Actor } from '../common/actor';
import { inScope, Permission, scopeOf, scopeUnitIds } from './access';

const actor = (overrides: Partial<Actor>): Actor => ({
  accountId: 'a',
  sessionId: null,
  tokenId: null,
  personId: null,
  readOnly: false,
  grants: [],
  ...overrides,
});
const region = { unitId: 'r', path: 'n.r', seesContacts: false, source: 'MANDATE' as const, mandateId: null };

describe('scopeOf', () => {
  it('gives a grant’s subtree to the permissions its level allows', () => {
    const secretary = actor({ grants: [{ ...region, level: 'ADMIN' }] });
    expect(scopeOf(secretary, Permission.Read)).toEqual({ all: false, paths: ['n.r'] });
    expect(scopeOf(secretary, Permission.ManageStructure)).toEqual({ all: false, paths: ['n.r'] });
    const viewer = actor({ grants: [{ ...region, level: 'VIEWER' }] });
    expect(scopeOf(viewer, Permission.Read)).toEqual({ all: false, paths: ['n.r'] });
    expect(scopeOf(viewer, Permission.Edit)).toEqual({ all: false, paths: [] });
  });

  it('never lets a read-only token write, nor anonymous do anything', () => {
    const token = actor({ readOnly: true, grants: [{ ...region, level: 'ADMIN', source: 'TOKEN' }] });
    expect(scopeOf(token, Permission.Read).all).toBe(false);
    expect(scopeOf(token, Permission.Edit)).toEqual({ all: false, paths: [] });
    expect(scopeOf(null, Permission.Read)).toEqual({ all: false, paths: [] });
  });

  it('treats a registry-wide grant as everything', () => {
    expect(
      scopeOf(
        actor({ grants: [{ ...region, unitId: null, path: null, level: 'ADMIN' }] }),
        Permission.Administer,
      ),
    ).toEqual({ all: true });
  });

  it('needs the contacts flag for contact data', () => {
    const secretary = actor({ grants: [{ ...region, level: 'ADMIN' }] });
    expect(scopeOf(secretary, Permission.Read, true)).toEqual({ all: false, paths: [] });
    expect(
      scopeOf(actor({ grants: [{ ...region, level: 'ADMIN', seesContacts: true }] }), Permission.Read, true),
    ).toEqual({ all: false, paths: ['n.r'] });
  });
});

describe('scopeUnitIds', () => {
  it('names the units an administrator can hand on, by id', () => {
    const province = { ...region, unitId: 'p', path: 'n.r.p', level: 'ADMIN' as const, seesContacts: true };
    const both = actor({
      grants: [{ ...region, level: 'ADMIN' }, province, { ...province, level: 'VIEWER' }],
    });
    expect(scopeUnitIds(both, Permission.Administer)).toEqual(['r', 'p']);
    expect(scopeUnitIds(both, Permission.Read, true)).toEqual(['p']);
    expect(scopeUnitIds(actor({ grants: [{ ...region, level: 'EDITOR' }] }), Permission.Administer)).toEqual(
      [],
    );
    const national = actor({ grants: [{ ...region, unitId: null, path: null, level: 'ADMIN' }] });
    expect(scopeUnitIds(national, Permission.Administer)).toBeNull();
  });
});

describe('inScope', () => {
  it('matches the subtree only, not a sibling whose label shares a prefix', () => {
    const scope = { all: false as const, paths: ['n.r1'] };
    expect(inScope(scope, 'n.r1')).toBe(true);
    expect(inScope(scope, 'n.r1.p')).toBe(true);
    expect(inScope(scope, 'n.r10')).toBe(false);
    expect(inScope(scope, 'n')).toBe(false);
  });
});

import { ChangeKind, kindOf, PUBLISHED_ENTITIES, UNPUBLISHED_ENTITIES, unitIdOfPath } from './change-kind';

describe('kindOf', () => {
  it('maps every audited entity type to a kind, or never publishes it', () => {
    const audited = [
      'OrgUnit',
      'Person',
      'Position',
      'Mandate',
      'Meeting',
      'Outcome',
      'MeetingSeries',
      'ImportBatch',
    ];
    for (const entity of audited) expect(kindOf(entity, 'anything')).not.toBeNull();
    expect(PUBLISHED_ENTITIES.sort()).toEqual([...audited].sort());
    for (const entity of UNPUBLISHED_ENTITIES) expect(kindOf(entity, 'login')).toBeNull();
  });

  it('tells a meeting’s participation changes from the meeting’s own', () => {
    expect(kindOf('Meeting', 'recordMeeting')).toBe(ChangeKind.MEETING);
    expect(kindOf('Meeting', 'cancelMeeting')).toBe(ChangeKind.MEETING);
    for (const action of ['setAttendance', 'addParticipants', 'removeParticipant']) {
      expect(kindOf('Meeting', action)).toBe(ChangeKind.PARTICIPATION);
    }
    expect(kindOf('Mandate', 'appoint')).toBe(ChangeKind.MANDATE);
    expect(kindOf('Position', 'createPosition')).toBe(ChangeKind.UNIT);
    expect(kindOf('ImportBatch', 'importPeople')).toBe(ChangeKind.PERSON);
    expect(kindOf('ImportBatch', 'importMandates')).toBe(ChangeKind.MANDATE);
  });

  it('never publishes a replayed call (it changed nothing)', () => {
    expect(kindOf('Meeting', 'recordMeeting:replay')).toBeNull();
  });
});

describe('unitIdOfPath', () => {
  it('reads the unit id from the last label of its path', () => {
    expect(unitIdOfPath('5eed000000004000800000000000000a.5eed0000000040008000000000000003')).toBe(
      '5eed0000-0000-4000-8000-000000000003',
    );
    expect(unitIdOfPath(null)).toBeNull();
    expect(unitIdOfPath('not_a_uuid')).toBeNull();
  });
});

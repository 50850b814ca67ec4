import { afterCommit } from './after-commit';

describe('what other instances change', () => {
  afterEach(() => afterCommit.share({ announce: false, hearing: true }));

  it("forgets what another instance's change makes stale, and only that", () => {
    const forgotten: string[] = [];
    afterCommit.on('SpecUnit', () => forgotten.push('unit'));
    afterCommit.on('SpecToken', () => forgotten.push('token'));
    afterCommit.heardOf('SpecUnit');
    expect(forgotten).toEqual(['unit']);
    afterCommit.heardOf('SpecMeeting');
    expect(forgotten).toEqual(['unit']);
    expect(afterCommit.forgets('SpecToken')).toBe(true);
    expect(afterCommit.forgets('SpecMeeting')).toBe(false);
  });

  it('remembers nothing while not hearing the others, and forgets everything on each change of state', () => {
    let forgotten = 0;
    afterCommit.on('SpecOther', () => forgotten++);
    expect(afterCommit.remembering).toBe(true);
    afterCommit.share({ announce: true, hearing: false });
    expect(afterCommit.remembering).toBe(false);
    expect(afterCommit.announcing).toBe(true);
    expect(forgotten).toBe(1);
    afterCommit.share({ announce: true, hearing: false });
    expect(forgotten).toBe(1);
    afterCommit.share({ announce: true, hearing: true });
    expect(afterCommit.remembering).toBe(true);
    expect(forgotten).toBe(2);
  });
});

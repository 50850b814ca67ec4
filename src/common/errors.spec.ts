import { domainErrorFromDatabase } from './errors';

describe('domainErrorFromDatabase', () => {
  it('answers a cancelled statement (statement_timeout, a cancel request) as retryable', () => {
    const error = domainErrorFromDatabase({
      code: '57014',
      message: 'canceling statement due to statement timeout',
    });
    expect(error?.code).toBe('SERVICE_UNAVAILABLE');
    expect(error?.details).toEqual({ retryable: true });
  });
});

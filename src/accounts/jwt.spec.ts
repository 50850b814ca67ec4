import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';

const secret = 'a-secret-of-sufficient-length-for-tests';
const now = 1_800_000_000;
const claims = { sub: 'account', sid: 'session', iat: now, exp: now + 900 };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('JWT access tokens', () => {
  it('round-trips valid claims', () => {
    expect(verifyJwt(signJwt(claims, secret), secret, now)).toEqual(claims);
  });

  it('refuses expired, wrongly signed, tampered and malformed tokens', () => {
    const token = signJwt(claims, secret);
    expect(verifyJwt(token, secret, now + 900)).toBeNull();
    expect(verifyJwt(token, 'another-secret', now)).toBeNull();
    const [header, , signature] = token.split('.');
    expect(verifyJwt(`${header}.${b64({ ...claims, sub: 'admin' })}.${signature}`, secret, now)).toBeNull();
    expect(verifyJwt('not.a.jwt', secret, now)).toBeNull();
    expect(verifyJwt('', secret, now)).toBeNull();
  });

  it('refuses alg none and any algorithm but HS256', () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expect(verifyJwt(none, secret, now)).toBeNull();
    const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
    const hs512 = `${body}.${createHmac('sha512', secret).update(body).digest('base64url')}`;
    expect(verifyJwt(hs512, secret, now)).toBeNull();
  });

  it('requires an expiry', () => {
    const { exp: _exp, ...noExp } = claims;
    const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(noExp)}`;
    const token = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    expect(verifyJwt(token, secret, now)).toBeNull();
  });
});

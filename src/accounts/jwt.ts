import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Access tokens: compact JWTs signed with HMAC-SHA256. Only `alg: HS256` is accepted (no `none`, no
 * algorithm taken from the token itself), the signature is compared in constant time, and `exp` is
 * required.
 */
export interface AccessClaims {
  /** Account id. */
  sub: string;
  /** Session id (revoked sessions stop their access tokens). */
  sid: string;
  iat: number;
  exp: number;
}

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signJwt(claims: AccessClaims, secret: string): string {
  const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): AccessClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts;
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as {
      alg?: unknown;
      typ?: unknown;
    };
    if (parsedHeader.alg !== 'HS256') return null;
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Partial<AccessClaims>;
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
      return null;
    }
    if (claims.exp <= nowSeconds) return null;
    return claims as AccessClaims;
  } catch {
    return null;
  }
}

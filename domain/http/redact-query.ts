/**
 * A request target (path + query) safe for the access log: the value of every query
 * parameter whose name contains a secret-sounding word is replaced. Names match
 * case-insensitively and as substrings (`access_token`, `apiKey`, `totpCode`).
 */
const SECRET_WORDS = ['token', 'password', 'passwd', 'key', 'secret', 'code', 'otp', 'signature', 'auth'];
export const REDACTED = '[redacted]';

export function isSecretParam(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_WORDS.some((w) => n.includes(w));
}

export function redactQuery(target: string): string {
  const q = target.indexOf('?');
  if (q < 0) return target;
  const path = target.slice(0, q);
  const hashAt = target.indexOf('#', q);
  const query = target.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name = rawName;
    try { name = decodeURIComponent(rawName.replace(/\+/g, ' ')); } catch { /* malformed escape: judge the raw name */ }
    return eq >= 0 && isSecretParam(name) ? `${rawName}=${REDACTED}` : pair;
  });
  return `${path}?${parts.join('&')}`;
}

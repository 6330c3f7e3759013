// New credentials for tenants, from the runtime's CSPRNG, in the shapes AWS's take: a 20-character AKIA... key id
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids) and a
// 40-character secret.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccessKeyId(): string {
  let out = 'AKIA';
  for (const b of crypto.getRandomValues(new Uint8Array(16))) out += BASE32[b & 31];
  return out;
}

/** 30 random bytes as 40 base64 characters (240 bits). */
export function newSecret(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(30))));
}

/** 96 random bytes as 128 base64 characters. */
export function newSessionToken(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(96))));
}

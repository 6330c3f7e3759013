// The user's keys live in this tab's sessionStorage only: gone when the tab closes, never sent anywhere but into
// the signatures of this origin's Kinesis requests, never in a cookie or localStorage.
import type { Keys } from './kinesis';

const STORAGE_KEY = 'kinesis-edge-console.keys';

export function loadKeys(): Keys | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return undefined;
    const k = JSON.parse(raw) as Partial<Keys>;
    if (typeof k.accessKeyId !== 'string' || typeof k.secretAccessKey !== 'string' || typeof k.region !== 'string') return undefined;
    return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, region: k.region, sessionToken: typeof k.sessionToken === 'string' ? k.sessionToken : undefined };
  } catch {
    return undefined;
  }
}

export function saveKeys(keys: Keys): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
}

export function forgetKeys(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

// The value tree the generators build and the encoders write: plain JSON-like values plus a few leaves that only
// some wire forms can carry. Kept apart so generators, encoders and the judge agree on one vocabulary.
import { Tagged } from 'cborg';

export { Tagged };

/** A JSON number written exactly as `text` (huge, negative zero, exponent forms); its value is what a parser reads. */
export class Num {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
}

/** `depth` nested arrays (`[[[]]]`) or single-key objects (`{"a":{"a":1}}`), written without recursion. */
export class Deep {
  constructor(
    readonly kind: 'array' | 'object',
    readonly depth: number,
  ) {}
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Num) && !(v instanceof Deep) && !(v instanceof Tagged);

/** JSON text of a value tree. Uint8Array and Tagged have no JSON form and must not reach here. */
export function toJson(value: unknown): string {
  if (value instanceof Num) return value.text;
  if (value instanceof Deep) return value.kind === 'array' ? '['.repeat(value.depth) + ']'.repeat(value.depth) : '{"a":'.repeat(value.depth) + '1' + '}'.repeat(value.depth);
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (isRecord(value)) return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  if (value instanceof Uint8Array || value instanceof Tagged) throw new Error('no JSON form');
  return JSON.stringify(value);
}

// The shape of one measured value, as scenarios return it and the report reads it:
// { value } | { value, partial: 'why' } | { error: { count, first } }. Plus helpers that build them.

export const ok = (value, partial) => (partial ? { value, partial } : { value });

export const failed = (errors) => ({ error: { count: errors.count || 1, first: errors.first ?? 'unknown error' } });

/** Adds b's errors into a (both { count, first }); returns a. */
export function mergeErrors(a, b) {
  if (b?.count) {
    a.count += b.count;
    a.first ??= b.first;
  }
  return a;
}

/** Every key in `keys` set to the same failure (a scenario that threw, a phase whose verification failed). */
export const allFailed = (keys, errors) => Object.fromEntries(keys.map((k) => [k, failed(errors)]));

/** A target that does not implement the operation at all (it answers UnknownOperationException): not a failure,
 *  shown as "not supported" and left out of every ratio. */
export const unsupported = (why) => ({ unsupported: why });

/** Every key in `keys` marked not supported, with one reason. */
export const allUnsupported = (keys, why) => Object.fromEntries(keys.map((k) => [k, unsupported(why)]));

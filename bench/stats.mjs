// Small statistics over samples: median, percentiles (nearest rank), min, max. Pure functions.

export function sorted(values) {
  return Float64Array.from(values).sort();
}

/** Nearest-rank percentile (p in 0..100) of a sorted array; undefined when empty. */
export function percentile(sortedValues, p) {
  if (!sortedValues.length) return undefined;
  const rank = Math.ceil((p / 100) * sortedValues.length);
  return sortedValues[Math.min(sortedValues.length - 1, Math.max(0, rank - 1))];
}

export function median(values) {
  const s = sorted(values);
  if (!s.length) return undefined;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const min = (values) => (values.length ? Math.min(...values) : undefined);
export const max = (values) => (values.length ? Math.max(...values) : undefined);

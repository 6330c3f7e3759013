// The campaign's one table: a row per round and a total row. Problem columns are the state the read-back found
// in that round (it re-reads the whole stream); the total row shows the worst round for those.

const COLUMNS = [
  ['round', 'round'],
  ['killMs', 'kill at ms'],
  ['acked', 'acked'],
  ['ackedLate', 'acked near the kill'],
  ['unknown', 'unknown at kill'],
  ['landed', 'of those landed'],
  ['rejected', 'rejected'],
  ['errorsBeforeKill', 'errors before kill'],
  ['lost', 'lost'],
  ['duplicates', 'dup'],
  ['order', 'order viol.'],
  ['ackMismatch', 'ack mismatch'],
  ['neverSent', 'never sent'],
  ['forbidden', 'refused/absent present'],
  ['read', 'records read'],
  ['restartMs', 'restart ms'],
  ['roundS', 'round s'],
];
const PROBLEMS = ['lost', 'duplicates', 'order', 'ackMismatch', 'neverSent', 'forbidden'];
const SUMMED = ['acked', 'ackedLate', 'unknown', 'landed', 'rejected', 'errorsBeforeKill', 'roundS'];

export function totals(rows) {
  const t = { round: 'total' };
  for (const k of SUMMED) t[k] = rows.reduce((s, r) => s + (r[k] ?? 0), 0);
  for (const k of PROBLEMS) t[k] = Math.max(0, ...rows.map((r) => r[k] ?? 0));
  t.read = rows.at(-1)?.read ?? 0;
  t.killMs = rows.length ? `${Math.min(...rows.map((r) => r.killMs))}-${Math.max(...rows.map((r) => r.killMs))}` : '';
  t.restartMs = rows.length ? `median ${median(rows.map((r) => r.restartMs))}` : '';
  t.roundS = Number(t.roundS.toFixed(1));
  return t;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** A Markdown table (readable in a terminal too). */
export function renderTable(rows) {
  const all = [...rows, totals(rows)];
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(COLUMNS.map(([, h]) => h)), line(COLUMNS.map(() => '---:')), ...all.map((r) => line(COLUMNS.map(([k]) => String(r[k] ?? ''))))].join('\n');
}

/** True when any round found an acknowledged record lost, duplicated, reordered or misplaced, or a stray record. */
export const failed = (rows) => rows.some((r) => PROBLEMS.some((k) => r[k] > 0));

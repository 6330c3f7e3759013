// Java's Date.toString in UTC (`EEE MMM dd HH:mm:ss 'UTC' yyyy`), as quoted in AWS's ExpiredIteratorException.
// Must not localise: always UTC, English names, whatever the host's locale or zone.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu Jan 22 01:22:02 UTC 2015` [kinesalite test/getRecords.js, recorded from AWS; aws-behaviour §3.9]. */
export function formatJavaUtcDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${String(d.getUTCFullYear()).padStart(4, '0')}`;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

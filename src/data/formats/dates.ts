/**
 * Dates as feeds publish them, parsed here rather than by `Date.parse`, whose handling of
 * anything but strict ISO differs between engines (Safari, Node, Chromium disagree).
 * Returns ISO 8601 in UTC (`2019-05-31T19:17:58.000Z`), a plain date (`2018-01-23`) as given,
 * or undefined: an unparseable date is dropped, never passed on as "Invalid Date".
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 2822 § 4.3 obsolete zone names. */
// prettier-ignore
const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const RFC2822 =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+([+-]\d{4}|[A-Za-z]{1,3}))?$/;

/** Minutes east of UTC for `Z`, `+02:00`, `-0700`, `+05`, `GMT`, `PST`; undefined if unknown. No zone means UTC. */
function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const upper = zone.toUpperCase();
  if (upper in ZONES) return ZONES[upper];
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function toIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offset: number | undefined,
): string | undefined {
  // Date.UTC maps years below 100 to 19xx; no article predates the year 1000 anyway.
  if (offset === undefined || year < 1000 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined;
  // Date.UTC rolls 31 April over to 1 May; a day that does not exist in its month is an invalid date.
  const dayCheck = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || dayCheck.getUTCDate() !== day) return undefined;
  const time = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offset * 60_000;
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function parseDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const input = value.trim();
  let m = ISO.exec(input);
  if (m) {
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    if (h === undefined) {
      // A date without a time stays a date: shifting it to a time zone could change the day.
      return toIso(Number(y), Number(mo), Number(d), 0, 0, 0, 0, 0) ? input : undefined;
    }
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    return toIso(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0), ms, offsetMinutes(zone));
  }
  m = RFC2822.exec(input);
  if (m) {
    const [, d, monthName, y, h, mi, s, zone] = m;
    const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
    // RFC 2822 § 4.3: two-digit years below 50 are 20xx, others 19xx.
    let year = Number(y);
    if (y.length === 2) year += year < 50 ? 2000 : 1900;
    if (month === 0) return undefined;
    return toIso(year, month, Number(d), Number(h), Number(mi), Number(s ?? 0), 0, offsetMinutes(zone));
  }
  return undefined;
}

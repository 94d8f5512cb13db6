/**
 * The two string formats the OCPP schemas use, implemented from their RFCs (no regular-expression libraries):
 * `date-time` (RFC 3339 §5.6) and `uri` (RFC 3986 §3, an absolute URI).
 */

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * True when `s` is an RFC 3339 date-time: `YYYY-MM-DD`, a `T` (or `t` or a space, as RFC 3339 §5.6 allows),
 * `hh:mm:ss` with an optional fraction, and an offset. Calendar days are checked (leap years included); a leap
 * second (`:60`) only at 23:59 UTC. Like the usual JSON Schema implementations it also accepts the ISO 8601 offset
 * forms `+hh` and `+hhmm`.
 *
 * @category Validation
 */
export function isDateTime(s: string): boolean {
  const n = s.length;
  if (n < 20) return false;
  const y0 = twoDigits(s, 0);
  const y1 = twoDigits(s, 2);
  if (y0 < 0 || y1 < 0 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const year = y0 * 100 + y1;
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month] ?? 0))) return false;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return false;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || hour < 0 || minute < 0 || second < 0) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  let i = 19;
  if (s.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < n && digit(s, i) >= 0) i++;
    if (i === start) return false;
  }
  // time-offset: Z, or +hh:mm (also +hhmm and +hh, as ISO 8601 allows), hours <= 23 and minutes <= 59
  let offsetMinutes = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== n) return false;
  } else {
    if (z !== 43 && z !== 45) return false;
    const oh = twoDigits(s, i + 1);
    const rest = n - (i + 3);
    let om = 0;
    if (rest === 2) om = twoDigits(s, i + 3);
    else if (rest === 3 && s.charCodeAt(i + 3) === 58) om = twoDigits(s, i + 4);
    else if (rest !== 0) return false;
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return false;
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
  }
  if (second < 60) return true;
  // a leap second (:60) only exists at 23:59 UTC
  const utc = (((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440;
  return utc === 23 * 60 + 59;
}

// RFC 3986 §2-§3 building blocks.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = "%[0-9A-Fa-f]{2}";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
const USERINFO = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*$`);
const REG_NAME = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*$`);
const PATH = new RegExp(`^(?:${PCHAR}|/)*$`);
const QUERY = new RegExp(`^(?:${PCHAR}|[/?])*$`);
const PORT = /^[0-9]*$/;
const IPV_FUTURE = new RegExp(`^[vV][0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`);
const DEC_OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9][0-9]|[0-9])$/;
const H16 = /^[0-9A-Fa-f]{1,4}$/;

function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => DEC_OCTET.test(p));
}

/** RFC 3986 IPv6address: eight 16-bit groups (the last two may be an IPv4 address), `::` once at most. */
function isIPv6(s: string): boolean {
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | undefined => (part === "" ? [] : part.split(":"));
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return false;
  const all = [...head, ...tail];
  let units = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? "";
    if (i === all.length - 1 && g.includes(".")) {
      if (!isIPv4(g)) return false;
      units += 2;
    } else if (H16.test(g)) {
      units += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? units <= 7 : units === 8;
}

function isHost(host: string): boolean {
  if (host.startsWith("[")) {
    if (!host.endsWith("]")) return false;
    const inner = host.slice(1, -1);
    return isIPv6(inner) || IPV_FUTURE.test(inner);
  }
  return REG_NAME.test(host); // an IPv4 address is also a valid reg-name
}

function isAuthority(authority: string): boolean {
  const at = authority.lastIndexOf("@");
  if (at >= 0 && !USERINFO.test(authority.slice(0, at))) return false;
  const hostPort = authority.slice(at + 1);
  let host = hostPort;
  const close = hostPort.lastIndexOf("]");
  const colon = hostPort.lastIndexOf(":");
  if (colon > close) {
    if (!PORT.test(hostPort.slice(colon + 1))) return false;
    host = hostPort.slice(0, colon);
  }
  return isHost(host);
}

/**
 * True when `s` is an absolute URI per RFC 3986 §4.3 grammar (`scheme ":" hier-part [ "?" query ] [ "#" fragment ]`),
 * e.g. `ftp://user@host:21/firmware.bin` or `urn:isbn:123`.
 *
 * @category Validation
 */
export function isUri(s: string): boolean {
  const colon = s.indexOf(":");
  if (colon <= 0 || !SCHEME.test(s.slice(0, colon))) return false;
  let rest = s.slice(colon + 1);
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    if (!QUERY.test(rest.slice(hash + 1))) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf("?");
  if (question >= 0) {
    if (!QUERY.test(rest.slice(question + 1))) return false;
    rest = rest.slice(0, question);
  }
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    const path = slash < 0 ? "" : rest.slice(slash);
    return isAuthority(authority) && PATH.test(path);
  }
  return PATH.test(rest);
}

/**
 * The overview as iCalendar (RFC 5545): one all-day event per expiry on the day it ends, each with a
 * display alarm the shared threshold's days before, so the reminder lives in the person's calendar too.
 */
import { createHash } from 'node:crypto';
import type { OverviewItem } from '../../../shared/contract/overview.js';
import { ITEM_KIND_TEXT } from '../../../shared/overview-text.js';
import { escapeControl } from '../../../shared/text-safety.js';

/** TEXT values escaped as RFC 5545 says (backslash, semicolon, comma, line breaks); control characters shown as escapes. */
function text(value: string): string {
  return escapeControl(value.replace(/\r?\n/g, ' ')).replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** Content lines folded at 75 octets (a continuation starts with a space), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (size + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const day = (d: Date): string => d.toISOString().slice(0, 10).replace(/-/g, '');
const stamp = (d: Date): string => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** The items that have an expiry still ahead (an event in the past reminds nobody). */
export function icsItems(items: readonly OverviewItem[]): OverviewItem[] {
  return items.filter((i) => i.expires !== null && i.expires.daysLeft >= 0);
}

/** The calendar text for the items with an expiry ahead; `alarmDays` before each. */
export function overviewIcs(items: readonly OverviewItem[], now: Date, alarmDays: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Certdesk//Overview//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const item of icsItems(items)) {
    const ends = new Date(item.expires?.at ?? '');
    const next = new Date(ends.getTime() + 86_400_000);
    const uid = createHash('sha256').update(`${item.key}|${item.expires?.at}`).digest('hex').slice(0, 32);
    const what = `${item.name} (${ITEM_KIND_TEXT[item.kind]})`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}@certdesk`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${day(ends)}`,
      `DTEND;VALUE=DATE:${day(next)}`,
      `SUMMARY:${text(`Expires: ${what}`)}`,
      `DESCRIPTION:${text(`${what} ends ${item.expires?.at}. Where: ${item.where}.${item.fix ? ` Fix: ${item.fix.label}.` : ''}`)}`,
      'TRANSP:TRANSPARENT',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${text(`${what} expires in ${alarmDays} days`)}`,
      `TRIGGER:-P${alarmDays}D`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

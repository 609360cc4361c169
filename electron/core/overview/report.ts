/** The overview as a Markdown or HTML report for a ticket or an audit. Items carry no secret; every text is escaped. */
import type { OverviewList } from '../../../shared/contract/overview.js';
import { daysLeftText, dateText } from '../../../shared/format.js';
import { ITEM_KIND_TEXT, severityText } from '../../../shared/overview-text.js';
import { escapeControl } from '../../../shared/text-safety.js';

const HEAD = ['Severity', 'Item', 'Kind', 'Where', 'Expires', 'Last result', 'Fix'];

function rows(list: OverviewList): string[][] {
  return list.items.map((i) => [
    severityText(i.severity, list.threshold),
    i.name,
    ITEM_KIND_TEXT[i.kind],
    i.where,
    i.expires ? `${dateText(i.expires.at)} (${daysLeftText(i.expires.daysLeft)})` : '—',
    i.lastCheck ? `${i.lastCheck.ok ? 'OK' : 'Failed'}: ${i.lastCheck.summary}` : 'Not checked yet',
    i.fix?.label ?? '—',
  ].map((cell) => escapeControl(cell.replace(/\r?\n/g, ' '))));
}

function summary(list: OverviewList): string {
  return `${list.items.length} item${list.items.length === 1 ? '' : 's'}, ${list.attention} needing attention (expired, expiring within ${list.within} days, or failing). Generated ${list.at}.`;
}

/** Markdown: a table whose cells cannot break it (pipes and markup characters escaped). */
export function markdownReport(list: OverviewList): string {
  const md = (s: string) => s.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`);
  const line = (cells: string[]) => `| ${cells.map(md).join(' | ')} |`;
  return [
    '# Certdesk overview',
    '',
    summary(list),
    '',
    line(HEAD),
    `|${HEAD.map(() => ' --- ').join('|')}|`,
    ...rows(list).map(line),
    ...list.problems.map((p) => `\n> ${md(p.source)}: ${md(p.message)}`),
    '',
  ].join('\n');
}

/** HTML text with every special character escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A standalone HTML page: no script, no external resource. */
export function htmlReport(list: OverviewList): string {
  const cell = (tag: string, s: string) => `<${tag}>${escapeHtml(s)}</${tag}>`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Certdesk overview</title>',
    '<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}</style>',
    '</head><body>',
    '<h1>Certdesk overview</h1>',
    cell('p', summary(list)),
    '<table>',
    `<thead><tr>${HEAD.map((h) => cell('th', h)).join('')}</tr></thead>`,
    '<tbody>',
    ...rows(list).map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`),
    '</tbody></table>',
    ...list.problems.map((p) => cell('p', `${p.source}: ${p.message}`)),
    '</body></html>',
    '',
  ].join('\n');
}

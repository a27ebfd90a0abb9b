// JUnit XML for CI test tabs: one <testsuite> per control, one <testcase> per mapped service.
// FAIL → <failure>, ERROR → <error>, NOT_APPLICABLE / MANUAL (and the human-given WAIVED /
// ATTESTED, which are not automated passes) → <skipped>; the reason is the message. Extensions
// (checks beyond the document's mappings) are named "<service> (extension)" with classname
// aims-scan.<control>.extension, and each suite counts them apart in its properties.
import type { Report, ReportCheck, ReportControl } from '../src/engine/report.js';
import { controlReason, documentChecks, extensionChecks } from './extensions.js';

// XML 1.0 allows only tab, LF, CR and these ranges; anything else from an account would make the file unparseable.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs (a parser would fold them to spaces). */
function attr(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

export function junitOutcome(status: ReportCheck['status']): Outcome {
  switch (status) {
    case 'PASS':
      return 'pass';
    case 'FAIL':
      return 'failure';
    case 'ERROR':
      return 'error';
    default:
      return 'skipped';
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(checks: ReportCheck[]): Counts {
  const c: Counts = { tests: checks.length, failures: 0, errors: 0, skipped: 0 };
  for (const ch of checks) {
    const o = junitOutcome(ch.status);
    if (o === 'failure') c.failures++;
    else if (o === 'error') c.errors++;
    else if (o === 'skipped') c.skipped++;
  }
  return c;
}

const countAttrs = (c: Counts) => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;

function details(ch: ReportCheck): string {
  const lines = [`${ch.status}: ${ch.reason}`];
  if (ch.remediation) lines.push(`Remediation: ${ch.remediation}`);
  for (const r of ch.regions) lines.push(`region ${r.region}: ${r.status} — ${r.reason}`);
  for (const r of ch.resources.slice(0, 200)) lines.push(`resource ${r.id}${r.region ? ` (${r.region})` : ''}: ${r.status} — ${r.reason}`);
  if (ch.resources.length > 200) lines.push(`… ${ch.resources.length - 200} more resources in report.json`);
  for (const w of ch.warnings) lines.push(`warning: ${w}`);
  if (ch.waiver) lines.push(`waived by ${ch.waiver.owner} until ${ch.waiver.expires}: ${ch.waiver.reason}`);
  if (ch.attestation) lines.push(`attested by ${ch.attestation.owner} on ${ch.attestation.date}: ${ch.attestation.evidence}`);
  return lines.join('\n');
}

function testcase(control: ReportControl, ch: ReportCheck): string {
  const name = ch.extension ? `${ch.service} (extension)` : ch.service;
  const head = `    <testcase name="${attr(name)}" classname="${attr(`aims-scan.${control.id}${ch.extension ? '.extension' : ''}`)}" time="0"`;
  const o = junitOutcome(ch.status);
  if (o === 'pass') return `${head}>\n      <system-out>${xmlEscape(details(ch))}</system-out>\n    </testcase>`;
  const el = o === 'skipped' ? 'skipped' : o;
  return `${head}>\n      <${el} message="${attr(ch.reason)}" type="${attr(ch.status)}">${xmlEscape(details(ch))}</${el}>\n    </testcase>`;
}

export function renderJunit(report: Report): string {
  const all = count(report.controls.flatMap((c) => c.checks));
  const secs = Math.max(0, (Date.parse(report.scan.finishedAt) - Date.parse(report.scan.startedAt)) / 1000);
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="aims-scan ISO/IEC 42001" ${countAttrs(all)} time="${secs.toFixed(3)}">`];
  report.controls.forEach((c, i) => {
    const official = c.officialReferences.length ? ` (ISO/IEC 42001:2023 ${c.officialReferences.join(', ')})` : '';
    out.push(`  <testsuite id="${i}" name="${attr(`${c.id} ${c.title}${official}`)}" ${countAttrs(count(c.checks))} time="0" timestamp="${attr(report.scan.startedAt.replace(/\.\d+Z$/, ''))}" hostname="${attr(`aws:${report.scan.account.id}`)}">`);
    out.push('    <properties>');
    const props: [string, string][] = [
      ['control', c.id],
      ['status', c.status],
      ['reason', controlReason(c)],
      ['mapped-services', String(documentChecks(c.checks).length)],
      ['extensions', String(extensionChecks(c.checks).length)],
      ['official', c.officialReferences.join(' ')],
      ['crosswalk-flag', c.flag],
      ['crosswalk-note', c.crosswalkNote],
    ];
    for (const [k, v] of props) out.push(`      <property name="${attr(k)}" value="${attr(v)}"/>`);
    out.push('    </properties>');
    for (const ch of c.checks) out.push(testcase(c, ch));
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

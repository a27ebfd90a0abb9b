// report.html: one self-contained page (no network, no CDN) for auditors and engineers alike.
// Everything from the account — names, tags, reasons, recorded call inputs and responses — is
// HTML-escaped text, never markup or a link. A Content-Security-Policy meta tag admits only this
// page's own style and script (by hash) and data: images, so even a missed escape could neither
// run script nor load anything; the script attaches its listeners itself (no inline handlers).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CallRecord } from '../src/aws/recording.js';
import type { Report, ReportCheck, ReportControl } from '../src/engine/report.js';
import type { AiAsset, AiInventory } from '../src/inventory/build.js';
import { STATUS_ORDER, STATUSES, type Status } from '../src/model.js';
import { checkCounts, controlReason } from './extensions.js';
import { buildOfficialView, NO_EVIDENCE, type OfficialRow, type OfficialView } from './official.js';
import { SOA_COLUMNS, soaRows } from './soa.js';

/** How much of each recorded call, and how many per check, the page carries; the pack has them all. */
export const LIMITS = { previewChars: 2000, callsPerCheck: 50, resourcesPerCheck: 500 } as const;

export interface CallPreview {
  id: string;
  service: string;
  region: string;
  operation: string;
  outcome: string;
  attempts: number;
  durationMs: number;
  error: string | null;
  input: string;
  response: string;
}

export interface HtmlOptions {
  /** Recorded calls by id (previews or full records); checks list the ones in their evidence. */
  calls?: ReadonlyMap<string, CallPreview> | readonly CallRecord[];
  view?: OfficialView;
}

// Control characters and lone surrogates (shown as U+FFFD), and the five markup characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f&<>"']|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text-safe HTML: markup escaped; control characters and lone surrogates shown as U+FFFD. */
export function esc(s: unknown): string {
  const str = String(s ?? '');
  // Most text needs nothing: one scan instead of six replaces (the page escapes every recorded call).
  if (!UNSAFE.test(str)) return str;
  return str.replace(UNSAFE_ALL, (c) => ENTITY[c] ?? '\uFFFD');
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}\n… (${s.length - n} more characters in calls.jsonl)` : s;
}

export function previewCall(r: CallRecord): CallPreview {
  return {
    id: r.id,
    service: r.service,
    region: r.region,
    operation: r.operation,
    outcome: r.outcome,
    attempts: r.attempts,
    durationMs: r.durationMs,
    error: r.error ? `${r.error.name}: ${r.error.message ?? ''}` : null,
    input: clip(JSON.stringify(r.input ?? {}, null, 2), LIMITS.previewChars),
    response: r.outcome === 'ok' ? clip(JSON.stringify(r.response ?? {}, null, 2), LIMITS.previewChars) : '',
  };
}

/** The ids the page shows: the first LIMITS.callsPerCheck of each check's evidence. */
function shownCallIds(report: Report): Set<string> {
  const ids = new Set<string>();
  for (const c of report.controls) for (const ch of c.checks) for (const id of ch.evidence.slice(0, LIMITS.callsPerCheck)) ids.add(id);
  return ids;
}

/** Streams calls.jsonl and keeps previews of only the calls the page shows, so a large recording never sits in memory. */
export async function collectCallPreviews(callsPath: string, report: Report): Promise<Map<string, CallPreview>> {
  const wanted = shownCallIds(report);
  const out = new Map<string, CallPreview>();
  const rl = createInterface({ input: createReadStream(callsPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let rec: CallRecord;
    try {
      rec = JSON.parse(line) as CallRecord;
    } catch {
      continue;
    }
    if (rec.type === 'call' && wanted.has(rec.id)) out.set(rec.id, previewCall(rec));
  }
  return out;
}

// Colours double as the chart's palette; WCAG AA contrast on white for text badges.
const COLOR: Record<Status, string> = {
  PASS: '#1a7f37',
  FAIL: '#cf222e',
  ERROR: '#8250df',
  MANUAL: '#9a6700',
  NOT_APPLICABLE: '#6e7781',
  WAIVED: '#0a7ea4',
  ATTESTED: '#0550ae',
};

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1180px;margin:0 auto;padding:16px 20px 48px}
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:0}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0;font-size:13px}
.meta dt{color:var(--muted)}.meta dd{margin:0;word-break:break-all}
.badge{display:inline-block;white-space:nowrap;min-width:64px;text-align:center;padding:1px 6px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;letter-spacing:.02em}
${STATUSES.map((s) => `.st-${s}{background:${COLOR[s]}}`).join('\n')}
.overall{font-size:16px;padding:3px 12px}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.counts>span{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:2px 8px;font-size:13px}
.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:6px 10px;margin:8px 0}
.banner{border-radius:6px;padding:10px 14px;margin:10px 0;font-size:15px;border:2px solid}
.banner-incomplete{background:#ffebe9;border-color:#cf222e;color:#82071e}
.banner-replay{background:#ddf4ff;border-color:#0969da;color:#0a3069}
nav.toc{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 14px;margin:12px 0;font-size:13px}
nav.toc ol{margin:4px 0;padding-left:20px}
nav.toc ol.toc-ids{display:flex;flex-wrap:wrap;gap:4px 10px;list-style:none;padding-left:0}
nav.toc a,a.top{color:#0969da;text-decoration:none}
nav.toc a:hover,a.top:hover{text-decoration:underline}
a.top{font-size:12px;font-weight:400;margin-left:10px}
:target{scroll-margin-top:56px}
.ext{font-size:11px;font-weight:700;color:#6639ba;border:1px solid #6639ba;border-radius:4px;padding:0 4px;margin-left:4px}
.why{color:var(--muted);font-size:12px}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.filters button{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--panel);border-radius:14px;padding:2px 10px;cursor:pointer}
.filters button[aria-pressed="true"]{background:var(--fg);color:#fff;border-color:var(--fg)}
.filters select,.filters input{font:inherit;font-size:13px;padding:3px 6px;border:1px solid var(--line);border-radius:6px}
.filters input{min-width:240px}
#shown{color:var(--muted);font-size:12px;margin-left:auto}
section.control{border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:10px 12px;break-inside:avoid}
.control-head .official{font-size:13px;margin:4px 0}
.ref{display:inline-block;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 4px;margin:0 2px}
.flag{font-size:11px;font-weight:700;border-radius:4px;padding:0 4px;border:1px solid currentColor}
.flag-OK{color:#1a7f37}.flag-TITLE{color:#9a6700}.flag-MOVED{color:#bc4c00}.flag-ABSENT{color:#cf222e}.flag-UNMAPPED{color:#6e7781}
.note,.desc,.muted{color:var(--muted);font-size:13px}
.reason{margin:4px 0}
.check-row{border-top:1px solid var(--line);padding:6px 0}
.check-line{display:grid;grid-template-columns:80px minmax(160px,260px) 1fr;gap:8px;align-items:baseline}
.svc{font-weight:600}
.sev{font-size:11px;color:var(--muted);text-transform:uppercase;margin-left:4px}
details{margin:4px 0 0 88px}
details details{margin-left:12px}
summary{cursor:pointer;color:#0969da;font-size:13px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top;word-break:break-word}
th{background:var(--panel)}
table.regions td:first-child,table.resources td:nth-child(2),table.official-view td:first-child,table.soa td:first-child{white-space:nowrap}
tr.group th{background:#eaeef2;text-align:left}
table.soa,table.official-view{table-layout:fixed}
table.soa th:nth-child(1){width:7%}table.soa th:nth-child(2){width:12%}table.soa th:nth-child(3){width:8%}table.soa th:nth-child(4){width:11%}table.soa th:nth-child(5){width:9%}table.soa th:nth-child(6){width:24%}
table.official-view th:nth-child(1){width:7%}table.official-view th:nth-child(2){width:18%}table.official-view th:nth-child(3){width:17%}table.official-view th:nth-child(4){width:44%}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px;font-size:12px;white-space:pre-wrap;word-break:break-all;max-height:360px;overflow:auto;margin:4px 0}
.none{color:#cf222e;font-style:italic}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
footer{margin-top:32px;color:var(--muted);font-size:12px}
details.ai-region{margin:6px 0}
table.assets td:first-child{white-space:nowrap}
table.assets td:nth-child(3){min-width:80px}
table.assets tr:target{background:#fff8c5}
.rel{display:block;font-size:12px}
@media print{
  @page{margin:14mm}
  body{font-size:10pt}
  main{max-width:none;padding:0}
  .filters,#shown,a.top{display:none!important}
  details{margin-left:12px}
  summary{color:var(--fg)}
  pre{max-height:none;overflow:visible}
  section.control,tr{break-inside:avoid}
  h2{break-after:avoid}
  .badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

// The page's only script: filters, search and print. It reads the DOM and sets `hidden`; it never
// builds markup from data, so escaped text stays text.
const SCRIPT = `
(function () {
  'use strict';
  var rows = Array.prototype.slice.call(document.querySelectorAll('.check-row'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.control'));
  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-filter-status]'));
  var service = document.getElementById('service-filter');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var state = { status: 'ALL', service: '', q: '' };
  function text(el) { return (el.textContent || '').toLowerCase(); }
  function apply() {
    var q = state.q.trim().toLowerCase();
    var visible = 0;
    sections.forEach(function (sec) {
      var head = sec.querySelector('.control-head');
      var headHit = !q || (head !== null && text(head).indexOf(q) >= 0);
      var any = false;
      Array.prototype.forEach.call(sec.querySelectorAll('.check-row'), function (row) {
        var ok = (state.status === 'ALL' || row.getAttribute('data-status') === state.status) &&
          (!state.service || row.getAttribute('data-service') === state.service) &&
          (headHit || text(row).indexOf(q) >= 0);
        row.hidden = !ok;
        if (ok) { any = true; visible++; }
      });
      sec.hidden = !any;
    });
    if (shown) shown.textContent = visible + ' of ' + rows.length + ' checks shown';
  }
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      state.status = b.getAttribute('data-filter-status') || 'ALL';
      buttons.forEach(function (o) { o.setAttribute('aria-pressed', o === b ? 'true' : 'false'); });
      apply();
    });
  });
  if (service) service.addEventListener('change', function () { state.service = service.value; apply(); });
  if (search) search.addEventListener('input', function () { state.q = search.value; apply(); });
  // A printed report shows each check's details (not the raw calls): open them for printing, restore afterwards.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = Array.prototype.filter.call(document.querySelectorAll('details.check-detail'), function (d) { return !d.open; });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  apply();
})();
`;

const sha256b64 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');
export const STYLE_HASH = `sha256-${sha256b64(CSS)}`;
export const SCRIPT_HASH = `sha256-${sha256b64(SCRIPT)}`;
export const CSP = `default-src 'none'; style-src '${STYLE_HASH}'; script-src '${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

const badge = (s: Status | string, cls = '') => `<span class="badge st-${esc(s)}${cls ? ` ${cls}` : ''}">${esc(s)}</span>`;
const refs = (ids: string[]) => (ids.length ? ids.map((r) => `<span class="ref">${esc(r)}</span>`).join(' ') : '<span class="muted">none</span>');
const flag = (f: string) => `<span class="flag flag-${esc(f)}">${esc(f)}</span>`;

function chart(report: Report): string {
  const rowH = 22;
  const labelW = 64;
  const barW = 560;
  const top = 34;
  const max = Math.max(1, ...report.controls.map((c) => c.checks.length));
  const h = top + report.controls.length * rowH + 8;
  const w = labelW + barW + 170;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-labelledby="chart-title"><title id="chart-title">Check verdicts by control</title>`);
  // Legend, in severity order.
  let lx = 0;
  for (const s of STATUS_ORDER) {
    parts.push(`<rect x="${lx}" y="6" width="12" height="12" fill="${COLOR[s]}"/><text x="${lx + 16}" y="16">${esc(s)}</text>`);
    lx += 30 + s.length * 7.5;
  }
  report.controls.forEach((c, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="0" y="${y + 14}">${esc(c.id)}</text>`);
    let x = labelW;
    for (const s of STATUS_ORDER) {
      const n = c.checks.filter((ch) => ch.status === s).length;
      if (!n) continue;
      const segW = (n / max) * barW;
      parts.push(`<rect class="seg" data-status="${esc(s)}" x="${x.toFixed(1)}" y="${y + 2}" width="${segW.toFixed(1)}" height="${rowH - 6}" fill="${COLOR[s]}"><title>${esc(`${c.id}: ${n} ${s}`)}</title></rect>`);
      x += segW;
    }
    parts.push(`<text x="${labelW + barW + 10}" y="${y + 14}" fill="${COLOR[c.status]}">${esc(c.status)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

// A call behind several checks is shown under each: escape its (up to 2,000-character) input and
// response once per page, not once per check.
const callItems = new WeakMap<CallPreview, string>();

function callItem(p: CallPreview): string {
  let html = callItems.get(p);
  if (html === undefined) {
    const body = [`<pre>input: ${esc(p.input)}</pre>`];
    if (p.error) body.push(`<pre>error: ${esc(p.error)}</pre>`);
    if (p.response) body.push(`<pre>response: ${esc(p.response)}</pre>`);
    html = `<li><details class="call"><summary>${esc(p.service)} ${esc(p.operation)} · ${esc(p.region)} · ${esc(p.outcome)}${p.attempts > 1 ? ` · ${esc(p.attempts)} attempts` : ''} · <code>${esc(p.id)}</code></summary>${body.join('')}</details></li>`;
    callItems.set(p, html);
  }
  return html;
}

function callsFor(ch: ReportCheck, calls: ReadonlyMap<string, CallPreview> | undefined): string {
  if (!ch.evidence.length) return '<p class="muted">No recorded calls behind this verdict.</p>';
  const shown = ch.evidence.slice(0, LIMITS.callsPerCheck);
  const items = shown.map((id) => {
    const p = calls?.get(id);
    return p ? callItem(p) : `<li><code>${esc(id)}</code> <span class="muted">(see calls.jsonl)</span></li>`;
  });
  const more = ch.evidence.length > shown.length ? `<p class="muted">${ch.evidence.length - shown.length} more recorded calls in calls.jsonl.</p>` : '';
  return `<ul class="calls">${items.join('')}</ul>${more}`;
}

function checkRow(ch: ReportCheck, calls: ReadonlyMap<string, CallPreview> | undefined): string {
  const d: string[] = [];
  const facts: [string, string][] = [
    ['Implementation (document)', ch.implementation],
    ['Control support (document)', ch.controlSupport],
    ['Remediation', ch.remediation ?? ''],
    ['Availability', ch.availability ?? ''],
    ['Reason code', ch.code ?? ''],
    ['Probe', ch.probe ?? 'none yet (MANUAL)'],
  ];
  if (ch.extension) facts.push(['Extension', 'a check beyond the document’s mappings']);
  if (ch.originalStatus) facts.push(['Status before governance', ch.originalStatus]);
  if (ch.waiver) facts.push(['Waiver', `${ch.waiver.owner}, until ${ch.waiver.expires}: ${ch.waiver.reason}`]);
  if (ch.attestation) facts.push(['Attestation', `${ch.attestation.owner}, ${ch.attestation.date} (expires ${ch.attestation.expires}): ${ch.attestation.evidence}`]);
  d.push(`<dl class="meta">${facts.filter(([, v]) => v).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`);
  if (ch.warnings.length) d.push(`<div class="warn">${ch.warnings.map((w) => `<div>${esc(w)}</div>`).join('')}</div>`);
  if (ch.regions.length) {
    d.push(`<table class="regions"><thead><tr><th>Region</th><th>Status</th><th>Reason</th></tr></thead><tbody>${ch.regions.map((r) => `<tr><td>${esc(r.region)}</td><td>${badge(r.status)}</td><td>${esc(r.reason)}</td></tr>`).join('')}</tbody></table>`);
  }
  if (ch.resources.length) {
    const rs = ch.resources.slice(0, LIMITS.resourcesPerCheck);
    d.push(`<table class="resources"><thead><tr><th>Resource</th><th>Region</th><th>Status</th><th>Reason</th></tr></thead><tbody>${rs.map((r) => `<tr><td>${esc(r.id)}</td><td>${esc(r.region ?? '')}</td><td>${badge(r.status)}</td><td>${esc(r.reason)}${r.waiver ? ` <span class="muted">(waived by ${esc(r.waiver.owner)} until ${esc(r.waiver.expires)})</span>` : ''}</td></tr>`).join('')}</tbody></table>`);
    if (ch.resources.length > rs.length) d.push(`<p class="muted">${ch.resources.length - rs.length} more resources in report.json.</p>`);
  }
  d.push(`<details class="evidence"><summary>Recorded calls (${ch.evidence.length})</summary>${callsFor(ch, calls)}</details>`);
  const summary = `Details: ${ch.resources.length} resource(s), ${ch.regions.length} region(s), ${ch.evidence.length} recorded call(s)`;
  return `<div class="check-row" data-status="${esc(ch.status)}" data-service="${esc(ch.service)}"${ch.extension ? ' data-extension="true"' : ''}><div class="check-line">${badge(ch.status)}<span class="svc">${esc(ch.service)}${ch.extension ? '<span class="ext" title="a check beyond the document’s mappings">extension</span>' : ''}<span class="sev">${esc(ch.severity)}</span></span><span class="reason">${esc(ch.reason)}</span></div><details class="check-detail"><summary>${esc(summary)}</summary>${d.join('')}</details></div>`;
}

/** An id attribute (and #fragment) from a control ID: letters, digits, dot, dash, underscore only. */
export function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

const top = '<a class="top" href="#contents">↑ contents</a>';

function controlSection(c: ReportControl, calls: ReadonlyMap<string, CallPreview> | undefined): string {
  const other = c.otherStandards.length ? ` <span class="muted">· also ${c.otherStandards.map(esc).join(', ')}</span>` : '';
  const doc = c.checks.filter((k) => !k.extension);
  const ext = c.checks.filter((k) => k.extension);
  const extBlock = ext.length ? `<h4 class="muted">Extensions (beyond the document’s mappings)</h4><div class="checks extensions">${ext.map((ch) => checkRow(ch, calls)).join('\n')}</div>` : '';
  return `<section class="control" id="${anchor('control', c.id)}" data-status="${esc(c.status)}">
<div class="control-head"><h3>${badge(c.status)} <span class="doc-id">${esc(c.id)}</span> ${esc(c.title)} <span class="muted">(document)</span></h3>
<div class="official">ISO/IEC 42001:2023: ${refs(c.officialReferences)} ${flag(c.flag)} <span class="note">${esc(c.crosswalkNote)}</span>${other}</div>
<p class="reason">${esc(controlReason(c))}</p><p class="desc">${esc(c.description)}</p></div>
<div class="checks">${doc.map((ch) => checkRow(ch, calls)).join('\n')}</div>${extBlock}
</section>`;
}

function officialTable(caption: string, id: string, rows: OfficialRow[]): string {
  const out: string[] = [
    `<table class="official-view" id="${id}"><caption class="muted">${esc(caption)}</caption><thead><tr><th>ID</th><th>Title</th><th>AWS evidence</th><th>Supporting checks (why each is evidence)</th><th>Document controls (crosswalk, context)</th></tr></thead><tbody>`,
  ];
  let parent = '';
  for (const r of rows) {
    if (r.parent !== parent) {
      parent = r.parent;
      out.push(`<tr class="group"><th colspan="5">${esc(parent)}</th></tr>`);
    }
    const checks = r.checks.length
      ? r.checks.map((k) => `<div class="support">${k.status ? badge(k.status) : '<span class="muted">not scanned</span>'} <span class="svc">${esc(k.service)}</span>${k.extension ? '<span class="ext">extension</span>' : ''} <span class="why">${esc(k.why)}</span></div>`).join('')
      : '<span class="muted">none: no check is evidence for this requirement</span>';
    // The badge says the verdict; the words say what it means (and that AWS evidence alone never satisfies a requirement).
    const status = r.evidenceStatus
      ? `${badge(r.evidenceStatus)} <span class="muted">${r.evidenceStatus === 'PASS' ? 'supports; documented information still required' : 'from the supporting checks'}</span>`
      : `<span class="${r.checks.length ? 'muted' : 'none'}">${esc(r.summary)}</span>`;
    const docs = r.crosswalk.length ? r.crosswalk.map((x) => `<a href="#${anchor('control', x.documentId)}"><span class="doc-id">${esc(x.documentId)}</span></a> ${flag(x.flag)}`).join('<br>') : '<span class="muted">none</span>';
    out.push(`<tr class="official-row" id="${anchor('official', r.id)}" data-official="${esc(r.id)}"><td><span class="ref">${esc(r.id)}</span></td><td>${esc(r.title)}</td><td>${status}</td><td>${checks}</td><td>${docs}</td></tr>`);
  }
  out.push('</tbody></table>');
  return out.join('');
}

const SOA_HEAD: Record<(typeof SOA_COLUMNS)[number], string> = {
  control: 'Control',
  title: 'Title',
  objective: 'Objective',
  applicable: 'Applicable',
  justification: 'Justification',
  aws_evidence_status: 'AWS evidence',
  supporting_checks: 'Supporting checks',
  failing_checks: 'Failing checks',
  attestations: 'Attestations',
  waivers: 'Waivers',
  document_controls: 'Document controls',
};
const SOA_SHOWN = ['control', 'title', 'applicable', 'justification', 'aws_evidence_status', 'supporting_checks', 'failing_checks', 'attestations', 'waivers'] as const;

function soaTable(report: Report, view: OfficialView): string {
  const rows = soaRows(report, { view });
  const cell = (k: (typeof SOA_SHOWN)[number], v: string) => {
    if (k === 'control') return `<span class="ref">${esc(v)}</span>`;
    if (k === 'aws_evidence_status') return /^[A-Z_]+$/.test(v) && (STATUSES as readonly string[]).includes(v) ? badge(v) : `<span class="muted">${esc(v === 'NONE' ? 'none' : 'not scanned')}</span>`;
    if ((k === 'applicable' || k === 'justification') && !v) return '<span class="muted">to decide</span>';
    return v ? esc(v).split(' | ').join('<br>') : '';
  };
  return `<table class="soa"><thead><tr>${SOA_SHOWN.map((k) => `<th>${esc(SOA_HEAD[k])}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr data-control="${esc(r.control)}">${SOA_SHOWN.map((k) => `<td>${cell(k, r[k])}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function governanceSection(report: Report): string {
  const g = report.scan.governance;
  const checks = report.controls.flatMap((c) => c.checks.map((k) => ({ c, k })));
  const rows: string[] = [];
  for (const { c, k } of checks) {
    if (k.waiver) rows.push([`${badge('WAIVED')}`, esc(c.id), esc(k.service), '', esc(k.waiver.owner), esc(k.waiver.reason), '', esc(k.waiver.expires)].join('</td><td>'));
    for (const r of k.resources) if (r.waiver) rows.push([`${badge('WAIVED')}`, esc(c.id), esc(k.service), esc(r.id), esc(r.waiver.owner), esc(r.waiver.reason), '', esc(r.waiver.expires)].join('</td><td>'));
    if (k.attestation) rows.push([`${badge('ATTESTED')}`, esc(c.id), esc(k.service), '', esc(k.attestation.owner), esc(k.attestation.evidence), esc(k.attestation.date), esc(k.attestation.expires)].join('</td><td>'));
  }
  if (!g && !rows.length) return '<p class="muted" id="governance-none">No waivers or attestations were given for this scan (aims-scan.yaml: waivers, attestations).</p>';
  const list = (title: string, kind: string, items: string[], cls: string) =>
    items.length ? `<div class="${cls}" data-governance="${kind}"><strong>${esc(title)} (${items.length})</strong><ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul></div>` : '';
  const counts = g
    ? `<div class="counts"><span>Waivers: ${esc(g.waivers.applied)} applied, ${esc(g.waivers.expired.length)} expired, ${esc(g.waivers.stale.length)} stale</span><span>Attestations: ${esc(g.attestations.applied)} applied, ${esc(g.attestations.expired.length)} expired, ${esc(g.attestations.stale.length)} stale</span></div>`
    : '';
  const lists = g
    ? [
        list('Expired waivers — ignored: the failures they covered count again', 'waivers-expired', g.waivers.expired, 'warn'),
        list('Stale waivers — match nothing in this scan', 'waivers-stale', g.waivers.stale, 'warn'),
        list('Expired attestations — ignored', 'attestations-expired', g.attestations.expired, 'warn'),
        list('Stale attestations — match nothing in this scan', 'attestations-stale', g.attestations.stale, 'warn'),
      ].join('')
    : '';
  const table = rows.length
    ? `<table class="governance"><thead><tr><th>Decision</th><th>Control</th><th>Service</th><th>Resource</th><th>Owner</th><th>Reason / evidence</th><th>Date</th><th>Expires</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${r}</td></tr>`).join('')}</tbody></table>`
    : '<p class="muted">No waiver or attestation applied to a result of this scan.</p>';
  return `${counts}${lists}${table}`;
}

function inventoryTable(report: Report): string {
  const regions = Object.keys(report.inventory);
  const kinds = [...new Set(regions.flatMap((r) => Object.keys(report.inventory[r])))].sort();
  if (!regions.length || !kinds.length) return '<p class="muted">No AI resources were counted in the scanned regions.</p>';
  return `<table class="inventory"><thead><tr><th>Region</th>${kinds.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead><tbody>${regions
    .map((r) => `<tr><td>${esc(r)}</td>${kinds.map((k) => `<td>${esc(report.inventory[r][k] ?? 0)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** A unique id attribute per asset: its ID's safe characters and a short hash (ARNs differ in ':' and '/'). */
export function assetAnchor(id: string): string {
  return `asset-${id.replace(/[^A-Za-z0-9._-]/g, '-').slice(-60)}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/** The AI asset inventory: per region, each asset with its relations (links) and the checks that judged it. */
function aiInventorySection(inv: AiInventory | undefined): string {
  if (!inv || !inv.assets.length) return '<p class="muted" id="ai-assets-none">No AI asset was seen in the scanned regions.</p>';
  const byId = new Map(inv.assets.map((a) => [a.id, a]));
  const link = (id: string) => `<a href="#${assetAnchor(id)}">${esc(byId.get(id)?.name ?? id)}</a>`;
  const relOf = (a: AiAsset) => [
    ...inv.relations.filter((r) => r.from === a.id).map((r) => `<span class="rel">${esc(r.type)} → ${link(r.to)}</span>`),
    ...inv.relations.filter((r) => r.to === a.id).map((r) => `<span class="rel">${link(r.from)} ${esc(r.type)} →</span>`),
  ];
  const row = (a: AiAsset) => {
    const facts = [...Object.entries(a.attributes).map(([k, v]) => `${k}: ${v}`), ...(a.modelCard ? [`model card ${a.modelCard.card}${a.modelCard.status ? ` (${a.modelCard.status})` : ''}${a.modelCard.riskRating ? `, risk ${a.modelCard.riskRating}` : ''}`] : []), ...a.notes.map((n) => `in scope: ${n}`), ...(a.referenced ? ['named by another asset, not listed itself'] : [])];
    const checks = a.checks.map((c) => `<div>${badge(c.status)} <a href="#${anchor('control', c.control)}">${esc(c.control)}</a> ${esc(c.service)}${c.extension ? '<span class="ext">extension</span>' : ''}</div>`).join('');
    return `<tr class="asset-row" id="${assetAnchor(a.id)}" data-kind="${esc(a.kind)}"><td>${esc(a.kind)}</td><td><strong>${esc(a.name)}</strong>${a.arn ? `<div class="muted">${esc(a.arn)}</div>` : ''}</td><td>${esc(a.status ?? '')}</td><td>${facts.map((f) => `<div>${esc(f)}</div>`).join('')}</td><td>${relOf(a).join('') || '<span class="muted">none</span>'}</td><td>${checks || '<span class="muted">none</span>'}</td></tr>`;
  };
  const regions = [...new Set(inv.assets.map((a) => a.region ?? 'no region'))].sort();
  const tables = regions.map((r) => {
    const list = inv.assets.filter((a) => (a.region ?? 'no region') === r);
    return `<details class="ai-region" open><summary>${esc(r)}: ${list.length} asset(s)</summary><table class="assets"><thead><tr><th>Kind</th><th>Name</th><th>Status</th><th>What it is</th><th>Relations</th><th>Judged by</th></tr></thead><tbody>${list.map(row).join('')}</tbody></table></details>`;
  });
  const gaps = inv.gaps.length ? `<div class="warn" id="ai-assets-gaps"><strong>Not read completely (${inv.gaps.length})</strong>${inv.gaps.map((g) => `<div>${esc(g.region)}: ${esc(g.family)} — ${esc(g.reason)}</div>`).join('')}</div>` : '';
  return `<p class="muted">Account ${esc(inv.accountId)}: ${inv.assets.length} AI asset(s) and ${inv.relations.length} relation(s), from what the checks read (no extra calls). Each relation links to the asset it names; “Judged by” lists the checks whose results name the asset. Also in report.json (aiInventory) and as a CycloneDX ML-BOM (--format cyclonedx).</p>${gaps}${tables.join('\n')}`;
}

function toPreviews(calls: HtmlOptions['calls']): ReadonlyMap<string, CallPreview> | undefined {
  if (!calls) return undefined;
  if (Array.isArray(calls)) return new Map((calls as readonly CallRecord[]).map((c) => [c.id, previewCall(c)]));
  return calls as ReadonlyMap<string, CallPreview>;
}

/** Banners for a result that must not be read as a complete, current picture of the account. */
function banners(report: Report): string {
  const out: string[] = [];
  if (!report.scan.complete) {
    out.push(
      '<div class="banner banner-incomplete" id="banner-incomplete" role="alert"><strong>Incomplete scan.</strong> The scan was interrupted before every check finished: results it did not reach are missing or ERROR, and the overall verdict is never better than ERROR. Scan again before relying on it.</div>',
    );
  }
  if (report.scan.mode === 'replay') {
    out.push(`<div class="banner banner-replay" id="banner-replay" role="note"><strong>Replay.</strong> These verdicts were evaluated on ${esc(report.scan.startedAt)} from a recording of AWS answers (calls.jsonl, whose first line says when they were recorded), not from the account as it is now.</div>`);
  }
  if (report.scan.mode === 'simulated') {
    out.push('<div class="banner banner-replay" id="banner-simulated" role="note"><strong>Simulated account.</strong> This report describes a simulated AWS account, not a real one.</div>');
  }
  return out.join('\n');
}

function toc(report: Report, view: OfficialView): string {
  const ids = (items: { href: string; label: string; status?: Status | null }[]) =>
    `<ol class="toc-ids">${items.map((i) => `<li><a href="#${i.href}">${esc(i.label)}</a>${i.status ? ` <span class="muted">${esc(i.status)}</span>` : ''}</li>`).join('')}</ol>`;
  return `<nav class="toc" id="contents" aria-label="Contents"><strong>Contents</strong><ol>
<li><a href="#summary">Summary</a></li>
<li><a href="#chart">Verdicts by control</a></li>
<li><a href="#governance">Governance: waivers and attestations</a></li>
<li><a href="#controls">Controls (document IDs)</a>${ids(report.controls.map((c) => ({ href: anchor('control', c.id), label: c.id, status: c.status })))}</li>
<li><a href="#official">Official ISO/IEC 42001 view</a><ol><li><a href="#official-clauses">Clauses 4–10</a></li><li><a href="#official-annex-a">Annex A</a>${ids(view.annexA.map((r) => ({ href: anchor('official', r.id), label: r.id, status: r.evidenceStatus })))}</li></ol></li>
<li><a href="#soa">Statement of Applicability (draft)</a></li>
<li><a href="#inventory">AI resource inventory</a></li>
<li><a href="#ai-assets">AI asset inventory (with relations)</a></li>
</ol></nav>`;
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  const calls = toPreviews(opts.calls);
  const view = opts.view ?? buildOfficialView(report);
  const a = report.scan.account;
  const checks = report.controls.flatMap((c) => c.checks);
  const services = [...new Set(checks.map((c) => c.service))].sort((x, y) => x.localeCompare(y));
  const statusButtons = [`<button type="button" data-filter-status="ALL" aria-pressed="true">All (${checks.length})</button>`]
    .concat(STATUS_ORDER.filter((s) => report.summary.checks[s]).map((s) => `<button type="button" data-filter-status="${esc(s)}" aria-pressed="false">${esc(s)} (${report.summary.checks[s]})</button>`))
    .join('');
  const counts = (c: Record<Status, number>) => STATUS_ORDER.filter((s) => c[s]).map((s) => `<span>${badge(s)} ${c[s]}</span>`).join('');
  const split = checkCounts(report.controls);
  const meta: [string, string][] = [
    ['Account', `${a.id} (${a.partition})`],
    ['Caller', a.callerArn],
    ['Regions', `${report.scan.regions.join(', ')} (home ${report.scan.homeRegion})`],
    ['Scan time', `${report.scan.startedAt} → ${report.scan.finishedAt}`],
    ['Mode', `${report.scan.mode}${report.scan.complete ? '' : ' — INCOMPLETE: interrupted, verdicts are partial'}`],
    ['Tool', `${report.tool.name} ${report.tool.version} (report schema ${report.schemaVersion})`],
    ['Scan ID', report.scan.id],
  ];
  const none = [...view.clauses, ...view.annexA].filter((r) => !r.checks.length).length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${esc(`aims-scan ISO/IEC 42001 report — ${a.id} — ${report.summary.overall}${report.scan.complete ? '' : ' (INCOMPLETE)'}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header id="summary">
<h1>ISO/IEC 42001:2023 evidence report ${badge(report.summary.overall, 'overall')}</h1>
${banners(report)}
<p class="muted">How far this AWS account supports an AI management system, with the evidence behind each verdict. Control IDs are the mapping document’s; the official ISO/IEC 42001:2023 references and the crosswalk flag stand beside each.</p>
<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<div class="counts"><strong>Controls</strong> ${counts(report.summary.controls)}</div>
<div class="counts" id="counts-document"><strong>Checks (document mappings)</strong> ${counts(split.document)}</div>
${split.extensionTotal ? `<div class="counts" id="counts-extensions"><strong>Extensions (beyond the document)</strong> ${counts(split.extensions)}</div>` : ''}
<div class="counts"><strong>AWS calls</strong> <span>${esc(report.summary.calls.calls)} calls</span><span>${esc(report.summary.calls.retries)} retries</span><span>${esc(report.summary.calls.throttled)} throttled</span><span>${esc(report.summary.calls.errors)} errors</span></div>
${report.scan.warnings.length ? `<div class="warn">${report.scan.warnings.map((w) => `<div>${esc(w)}</div>`).join('')}</div>` : ''}
</header>
${toc(report, view)}
<h2 id="chart">Verdicts by control ${top}</h2>
${chart(report)}
<h2 id="governance">Governance: waivers and attestations ${top}</h2>
<p class="muted">People’s decisions applied on top of the evidence: a waiver accepts a FAIL until it expires (WAIVED), an attestation answers a MANUAL (ATTESTED). Neither is ever a PASS. Expired ones are ignored; stale ones match nothing in this scan.</p>
${governanceSection(report)}
<h2 id="controls">Controls (document IDs) ${top}</h2>
<div class="controls-list">
<div class="filters" role="search">
${statusButtons}
<select id="service-filter" aria-label="Filter by service"><option value="">All services</option>${services.map((s) => `<option value="${esc(s)}">${esc(s)}</option>`).join('')}</select>
<input id="search" type="search" placeholder="Search controls, services, resources, reasons" aria-label="Search" autocomplete="off">
<span id="shown"></span>
</div>
${report.controls.map((c) => controlSection(c, calls)).join('\n')}
</div>
<h2 id="official">Official ISO/IEC 42001 view ${top}</h2>
<p class="muted">Clauses 4–10 and the ${view.annexA.length} Annex A controls of ISO/IEC 42001:2023. A requirement’s AWS evidence comes only from the checks that are evidence for it, each with the reason why (checks/official-evidence.ts); the document controls that reference it through the crosswalk are shown as context. AWS evidence supports a requirement; it never satisfies one on its own. ${none} requirement(s) have ${esc(NO_EVIDENCE)}.</p>
${officialTable('Clauses 4–10', 'official-clauses', view.clauses)}
${officialTable(`Annex A (${view.annexA.length} controls)`, 'official-annex-a', view.annexA)}
<h2 id="soa">Statement of Applicability (draft) ${top}</h2>
<p class="muted">Applicability and its justification are the organization’s decision (ISO/IEC 42001:2023 6.1.3): fill them in soa.csv. The evidence columns come from this scan: the checks that support each control, those failing, and the attestations and waivers applied.</p>
${soaTable(report, view)}
<h2 id="inventory">AI resource inventory ${top}</h2>
${inventoryTable(report)}
<h2 id="ai-assets">AI asset inventory (with relations) ${top}</h2>
${aiInventorySection(report.aiInventory)}
<footer>Generated by ${esc(report.tool.name)} ${esc(report.tool.version)} from scan ${esc(report.scan.id)}. The full evidence is in report.json and calls.jsonl (or the evidence pack).</footer>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

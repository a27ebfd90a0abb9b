// Output formats by name: what `--format` accepts, the file each writes, and its renderer.
// Every renderer reads the same Report model.
import type { Report } from '../src/engine/report.js';
import { renderAsff, type AsffOptions } from './asff.js';
import { ML_BOM_FILE, renderCycloneDx } from './cyclonedx.js';
import { collectCallPreviews, renderHtml, type CallPreview } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { UsageError } from '../src/commands/common.js';

export const FORMAT_NAMES = ['json', 'html', 'junit', 'md', 'asff', 'cyclonedx'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const DEFAULT_FORMATS: readonly FormatName[] = ['json', 'html'];

export interface RenderContext {
  /** The scan's calls.jsonl: the HTML shows the recorded calls behind each check. */
  callsPath?: string;
  /** Already collected previews (shared between report.html and the evidence pack). */
  calls?: ReadonlyMap<string, CallPreview>;
  /** ASFF choices shared with the Security Hub push (e.g. include MANUAL results). */
  asff?: AsffOptions;
}

export interface OutputFormat {
  name: FormatName;
  file: string;
  render(report: Report, ctx: RenderContext): Promise<string>;
}

export const FORMATS: Readonly<Record<FormatName, OutputFormat>> = {
  json: { name: 'json', file: 'report.json', render: async (r) => renderJson(r) },
  html: {
    name: 'html',
    file: 'report.html',
    render: async (r, ctx) => renderHtml(r, { calls: ctx.calls ?? (ctx.callsPath ? await collectCallPreviews(ctx.callsPath, r) : undefined) }),
  },
  junit: { name: 'junit', file: 'junit.xml', render: async (r) => renderJunit(r) },
  md: { name: 'md', file: 'summary.md', render: async (r) => renderMarkdown(r) },
  // The Security Hub findings a push would send (src/securityhub/findings.ts), as a file.
  asff: { name: 'asff', file: 'findings.asff.json', render: async (r, ctx) => renderAsff(r, ctx.asff) },
  // The AI inventory as a CycloneDX 1.6 ML-BOM (reports/cyclonedx.ts).
  cyclonedx: { name: 'cyclonedx', file: ML_BOM_FILE, render: async (r) => renderCycloneDx(r) },
};

/** "json,html" or ['json','html'] → validated names, in the given order without repeats. */
export function parseFormats(value: string | readonly string[] | undefined): FormatName[] {
  if (value === undefined) return [...DEFAULT_FORMATS];
  const items = (typeof value === 'string' ? value.split(',') : value).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const out: FormatName[] = [];
  for (const f of items) {
    if (!(FORMAT_NAMES as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}"; valid formats: ${FORMAT_NAMES.join(', ')}`);
    if (!out.includes(f as FormatName)) out.push(f as FormatName);
  }
  if (!out.length) throw new UsageError(`--format needs at least one of ${FORMAT_NAMES.join(', ')}`);
  return out;
}

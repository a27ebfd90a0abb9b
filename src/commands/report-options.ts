// Output formats, the official view and the evidence pack: scan options and what runs after a scan.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { dirname, join } from 'node:path';
import { DEFAULT_FORMATS, FORMAT_NAMES, FORMATS, parseFormats } from '../../reports/formats.js';
import { collectCallPreviews, renderHtml } from '../../reports/html.js';
import { appendStepSummary } from '../../reports/markdown.js';
import { buildOfficialView, renderOfficialText } from '../../reports/official.js';
import { soaCsvFile } from '../../reports/soa.js';
import { terminalSafe } from '../../reports/terminal.js';
import { kmsSigner } from '../evidence/kms.js';
import { writeEvidencePack } from '../evidence/pack.js';
import { SigningError } from '../evidence/sign.js';
import type { ScanResult } from '../scan.js';
import { writeFileAtomic } from '../util/atomic.js';

function formatList(v: string): string[] {
  try {
    return parseFormats(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <list>', `comma-separated outputs: ${FORMAT_NAMES.join(', ')} (report.json is always written; html also writes soa.csv)`)
        .argParser(formatList)
        .default([...DEFAULT_FORMATS], DEFAULT_FORMATS.join(',')),
    )
    .addOption(new Option('--view <view>', 'official: also print the official ISO/IEC 42001:2023 view (clauses 4–10, Annex A) after the scan').choices(['document', 'official']).default('document'))
    .option('--evidence-pack', 'also write evidence-<account>-<time>.zip and the same folder: reports, SoA, recorded calls and a SHA-256 manifest')
    .option(
      '--sign-key <kms-key>',
      'sign the evidence pack (implies --evidence-pack) with this AWS KMS asymmetric key ID or ARN: kms:GetPublicKey and kms:Sign, with your own credentials (--profile); check with `aims-scan verify --public-key`',
    );
}

export interface ReportOptionValues {
  format?: string | string[];
  view?: 'document' | 'official';
  evidencePack?: boolean;
  signKey?: string;
  quiet?: boolean;
  [k: string]: unknown;
}

/** Writes the extra outputs the options ask for into the scan's output folder; returns the files written. */
export async function writeReportOutputs(result: ScanResult, opts: ReportOptionValues, log: (l: string) => void): Promise<string[]> {
  const { report } = result;
  const formats = parseFormats(opts.format);
  const out = dirname(result.files.report);
  const written: string[] = [];
  const write = (name: string, text: string) => {
    const file = join(out, name);
    writeFileAtomic(file, text);
    written.push(file);
  };
  const view = buildOfficialView(report);
  const pack = !!opts.evidencePack || !!opts.signKey;
  const wantHtml = formats.includes('html') || pack;
  // One streamed pass over calls.jsonl feeds both report.html and the pack's copy.
  const calls = wantHtml ? await collectCallPreviews(result.files.calls, report) : undefined;
  const html = wantHtml ? renderHtml(report, { calls, view }) : '';
  const soa = soaCsvFile(report, { view });

  for (const f of formats) {
    if (f === 'json') continue; // scan() has written report.json
    const text = f === 'html' ? html : await FORMATS[f].render(report, { calls, callsPath: result.files.calls, asff: { includeManual: !!opts.includeManual } });
    write(FORMATS[f].file, text);
    if (f === 'md') {
      const summary = appendStepSummary(text);
      if (summary) log(`appended the summary to ${summary}`);
    }
  }
  if (formats.includes('html') || opts.view === 'official') write('soa.csv', soa);
  if (opts.view === 'official' && !opts.quiet) process.stdout.write(terminalSafe(renderOfficialText(view, { width: process.stdout.columns })));
  if (pack) {
    const signer = opts.signKey ? kmsSigner(opts.signKey, { profile: opts.profile as string | undefined, region: opts.homeRegion as string | undefined, endpointUrl: opts.endpointUrl as string | undefined }) : undefined;
    let res;
    try {
      res = await writeEvidencePack({ report, reportPath: result.files.report, callsPath: result.files.calls, outDir: out, html, soa, signer });
    } catch (err) {
      if (err instanceof SigningError) throw new SigningError(`evidence pack not written: ${err.message}`);
      throw err;
    }
    written.push(res.zip, res.folder);
    // The zip's SHA-256 is what goes into a ticket or a change record.
    log(`evidence pack ${res.name}.zip: ${res.manifest.files.length + 1 + (res.signature ? 1 : 0)} files, SHA-256 ${res.zipSha256}`);
    if (res.signature) log(`evidence pack signed with KMS key ${res.signature.keyId} (${res.signature.algorithm}); public key SHA-256 ${res.signature.publicKeySha256 ?? 'unknown'}`);
    log(`check it with \`aims-scan verify ${res.zip}${res.signature ? ' --public-key key.der' : ''}\``);
  }
  return written;
}

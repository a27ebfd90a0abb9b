// Security Hub push: the scan's options and the step that runs after a scan, plus the shared
// run-and-report used by `aims-scan push`. Exit code 2 when some findings did not land.
import type { Command } from 'commander';
import type { Report } from '../engine/report.js';
import { assumeRole } from '../multi/accounts.js';
import type { ScanResult } from '../scan.js';
import { isPartial, pushFindings, pushSummary, type PushOptions, type PushResult } from '../securityhub/push.js';
import { terminalSafe } from '../../reports/terminal.js';

export function addSecurityHubOptions(cmd: Command): Command {
  return cmd
    .option('--push-securityhub', 'after the scan, import the findings into AWS Security Hub (the only write aims-scan makes)')
    .option('--dry-run', 'with --push-securityhub: print what would be created, updated and archived; send nothing')
    .option('--include-manual', 'also push MANUAL (as WARNING) and NOT_APPLICABLE (as NOT_AVAILABLE) results');
}

/** What tests (and embedders) may replace: the client factory, the clock. */
export type PushDeps = Pick<PushOptions, 'clientFor' | 'clock' | 'now'>;

/** Pushes findings when asked; returns an exit code to combine with the scan's (0 when nothing to say). */
export async function afterScanSecurityHub(result: ScanResult, opts: Record<string, unknown>, log: (l: string) => void, deps: PushDeps = {}): Promise<number> {
  if (!opts.pushSecurityhub) {
    if (opts.dryRun) log('--dry-run only applies to --push-securityhub: nothing pushed');
    return 0;
  }
  if (result.report.scan.mode === 'simulated') {
    log('error: a simulated scan describes no real account: not pushed to Security Hub');
    return 2;
  }
  return runPush(result.report, opts, log, (s) => process.stdout.write(s), deps);
}

/** Pushes (or plans) and says what happened; 2 for a partial push, else 0. */
export async function runPush(report: Report, opts: Record<string, unknown>, log: (l: string) => void, print: (s: string) => void, deps: PushDeps = {}): Promise<number> {
  const res = await pushFindings(report, {
    dryRun: !!opts.dryRun,
    includeManual: !!opts.includeManual,
    profile: opts.profile as string | undefined,
    endpointUrl: opts.endpointUrl as string | undefined,
    credentials: credentialsFor(opts),
    log,
    ...deps,
  });
  if (res.dryRun) print(renderPlan(res));
  for (const r of res.regionsNotPushed) log(`${r.region}: not pushed: ${r.reason}`);
  for (const f of res.failed.slice(0, 20)) log(`finding not imported: ${f.id}: ${f.code}${f.message ? ` (${f.message})` : ''}`);
  if (res.failed.length > 20) log(`… and ${res.failed.length - 20} more findings not imported`);
  log(pushSummary(res));
  if (isPartial(res)) {
    const landed = res.created + res.updated + res.archived;
    log(`partial push: ${landed} finding(s) ${res.dryRun ? 'would land' : 'landed'}; ${res.failed.length} failed; ${res.unsent} not sent to regions that could not be pushed`);
    return 2;
  }
  return 0;
}

/**
 * The credentials the scan used: with --role-arn, the same assumed role (the findings belong
 * to that account); else the SDK chain with --profile, built by the push itself.
 */
function credentialsFor(opts: Record<string, unknown>): unknown {
  if (opts.credentials) return opts.credentials;
  if (typeof opts.roleArn !== 'string') return undefined;
  return assumeRole(opts.roleArn, { profile: opts.profile as string | undefined, endpointUrl: opts.endpointUrl as string | undefined, region: opts.homeRegion as string | undefined }, {
    externalId: opts.externalId as string | undefined,
    sessionName: opts.sessionName as string | undefined,
    durationSeconds: opts.duration as number | undefined,
  });
}

/** The dry-run plan as a table: action, region, compliance, Id, title. */
export function renderPlan(res: PushResult): string {
  const lines = ['ACTION   REGION          COMPLIANCE     ID  TITLE'];
  for (const p of [...res.plan].sort((a, b) => a.action.localeCompare(b.action) || a.region.localeCompare(b.region) || a.id.localeCompare(b.id))) {
    lines.push(`${p.action.padEnd(8)} ${p.region.padEnd(15)} ${p.compliance.padEnd(14)} ${p.id}  ${terminalSafe(p.title)}`);
  }
  for (const r of res.regionsNotPushed) lines.push(`skip     ${r.region.padEnd(15)} ${''.padEnd(14)} ${terminalSafe(r.reason)}`);
  lines.push(`would create ${res.created}, update ${res.updated}, archive ${res.archived}`);
  return lines.join('\n') + '\n';
}

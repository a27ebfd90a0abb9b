// `aims-scan scan`: the main job. Settings come from aims-scan.yaml (or --config) and flags;
// a flag given on the command line wins.
import { Option, type Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { loadConfig } from '../config/load.js';
import { DEFAULT_OPTIONS, homeRegionFrom, scan, type ScanOptions, type ScanResult } from '../scan.js';
import { assumeRole, callerCredentials, managementAccess, organizationAccounts, organizationExitCode, roleArnFor, scanAccounts, type CallerOptions, type RoleOptions } from '../multi/accounts.js';
import { planShard, removeShardManifest, SHARD_MANIFEST, shardLabel, shardOption, type Shard } from '../multi/shard.js';
import { createProgress } from '../progress.js';
import type { Report } from '../engine/report.js';
import { addShortFlag, list, logger, positiveInt, scopeTag, UsageError, useColor } from './common.js';
import { checkControlIds, controlIdProblem } from './control-ids.js';
import { failOnExitCode, type FailOn } from './fail-on.js';
import { baselineDiff, loadBaseline, writeBaselineDiff } from './baseline.js';
import type { ReportDiff } from '../diff/diff.js';
import { realChanges } from '../../reports/diff.js';
import { dirname, join } from 'node:path';
import { removeStaleOutputs } from './outputs.js';
import { checkProfile, checkReplayInput } from './preflight.js';
import { addReportOptions, writeReportOutputs } from './report-options.js';
import { checkCommandLine, mergeConfig } from './scan-settings.js';
import { addSecurityHubOptions, afterScanSecurityHub } from './securityhub-options.js';

const EXAMPLES = `
Examples:
  aims-scan scan -p prod-audit -o report/               every enabled region, with a named profile
  aims-scan scan -r us-east-1,eu-west-1 --controls 6.1.2,A.12
  aims-scan scan -f json,html,junit,md --evidence-pack  CI outputs and an evidence pack
  aims-scan scan --role-arn arn:aws:iam::123456789012:role/AimsScan
  aims-scan scan --organization --role-name AimsScan    every active account of the organization
  aims-scan scan --replay report/calls.jsonl            the same verdicts again, no AWS access
  aims-scan scan --endpoint-url http://127.0.0.1:4566   an AWS-compatible emulator (STS included)

Control IDs are the mapping document's (its A.9 is not ISO/IEC 42001's A.9): \`aims-scan controls\`
lists them with their official references. --out is this scan's folder: the outputs of an earlier
scan there are replaced; other files are left alone.
`;

export function registerScan(program: Command): void {
  const cmd = program
    .command('scan')
    .description('scan an AWS account (read-only) and write report.json and calls.jsonl')
    .option('--config <file>', 'settings file (default: ./aims-scan.yaml when present)')
    .option('-p, --profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('-r, --region <list>', 'comma-separated regions (default: every region enabled for the account)', list)
    .option('--controls <list>', 'comma-separated document control IDs, e.g. 6.1.2,A.7 (default: all)', list)
    .option('-o, --out <dir>', "output folder (an earlier scan's outputs there are replaced)", 'aims-report')
    .option('--concurrency <n>', 'calls in flight across the scan (each API is also paced to its AWS rate limit)', positiveInt, DEFAULT_OPTIONS.concurrency)
    .option('--max-attempts <n>', 'SDK attempts per call (standard retry with back-off)', positiveInt, DEFAULT_OPTIONS.maxAttempts)
    .option('--endpoint-url <url>', 'send every call to this AWS-compatible endpoint (also AWS_ENDPOINT_URL)')
    .option('--home-region <region>', 'region for STS and global services (default: AWS_REGION, then us-east-1)')
    .option('--replay <file>', 'replay a calls.jsonl recording (or an evidence pack) instead of calling AWS')
    .addOption(new Option('--optional-services <policy>', 'what an unused tool-choice service becomes').choices(['manual', 'fail', 'na']).default('manual'))
    .option('--scope-tag <key=value>', 'also judge resources (e.g. buckets) carrying this tag; repeatable', scopeTag)
    .addOption(new Option('--fail-on <when>', 'what makes the exit code non-zero').choices(['fail', 'error', 'regression', 'none']).default('fail'))
    .option('--baseline <report>', 'an earlier report.json (or pack) to compare with; needed for --fail-on regression')
    .option('--role-arn <arn>', 'assume this role before scanning')
    .option('--external-id <id>', 'external ID for --role-arn / --role-name')
    .option('--session-name <name>', 'role session name (default aims-scan)')
    .option('--duration <seconds>', 'assumed-role session length in seconds', positiveInt)
    .option('--accounts <list>', 'scan these account IDs (with --role-name)', list)
    .option('--organization', "scan every active account of the AWS Organization (with --role-name)")
    .option('--role-name <name>', 'role to assume in each account of --accounts / --organization')
    .option('--account-concurrency <n>', 'accounts scanned at once', positiveInt, 3)
    .option('--shard <K/N>', 'with --organization / --accounts: scan only shard K of N (rendezvous hashing on the account ID) and write shard-manifest.json for `aims-scan merge`', shardOption)
    .option('--quiet', 'no progress or summary output')
    .option('--verbose', 'AWS SDK debug detail, and the stack of any error, on stderr (never credentials)');
  addReportOptions(cmd);
  // --format is defined with the outputs (report-options.ts); -f is the short flag scanners use.
  addShortFlag(cmd, '--format', '-f');
  addSecurityHubOptions(cmd);
  cmd.addHelpText('after', EXAMPLES);
  cmd.action(async (o: Record<string, unknown>) => {
    // Every input is checked before anything is sent to AWS or written to --out.
    const registry = defaultRegistry();
    const { config, file } = loadConfig(o.config as string | undefined, process.cwd(), { controlProblem: (id) => controlIdProblem(id, registry.controlIds) });
    mergeConfig(cmd, o, config);
    checkCommandLine(cmd, o);
    checkControlIds(o.controls as string[] | undefined, registry.controlIds);
    const log = logger(!!o.quiet);
    if (file) log(`settings from ${file}`);
    if (o.endpointUrl) checkEndpointUrl(o.endpointUrl as string);
    if (o.shard && !o.accounts && !o.organization) throw new UsageError('--shard needs --organization or --accounts (and --role-name)');
    if (o.failOn === 'regression' && !o.baseline) throw new UsageError('--fail-on regression needs --baseline <earlier report.json>');
    if (o.replay) checkReplayInput(o.replay as string);
    else if (o.profile) checkProfile(o.profile as string);
    const baseline = o.baseline ? await loadBaseline(o.baseline as string) : undefined;
    // Files this run reads: never removed from --out as an earlier scan's outputs.
    const inputs = [o.replay, o.baseline, o.config, file].filter((x): x is string => typeof x === 'string');
    const roleOpts = { externalId: o.externalId as string | undefined, sessionName: o.sessionName as string | undefined, durationSeconds: o.duration as number | undefined };
    // STS (the caller's identity, a profile's role, --role-arn, each account's role) goes where
    // every other call goes: to --endpoint-url when one is set.
    const caller: CallerOptions = { profile: o.profile as string | undefined, endpointUrl: o.endpointUrl as string | undefined, region: homeRegionFrom({ homeRegion: o.homeRegion as string | undefined, regions: o.region as string[] | undefined }) };
    const progress = createProgress({ stream: process.stderr, quiet: !!o.quiet });
    // Ctrl-C once: stop sending, write what is known, marked incomplete (exit 2). Twice: quit now.
    const interrupt = new AbortController();
    const onSigint = () => {
      if (interrupt.signal.aborted) process.exit(130);
      process.stderr.write('aims-scan: interrupted: writing partial results (Ctrl-C again to quit now)\n');
      interrupt.abort();
    };
    process.on('SIGINT', onSigint);
    const options: ScanOptions = {
      profile: o.profile as string | undefined,
      regions: o.region as string[] | undefined,
      controls: o.controls as string[] | undefined,
      out: o.out as string,
      concurrency: o.concurrency as number,
      maxAttempts: o.maxAttempts as number,
      pageCap: DEFAULT_OPTIONS.pageCap,
      endpointUrl: o.endpointUrl as string | undefined,
      homeRegion: o.homeRegion as string | undefined,
      replay: o.replay as string | undefined,
      // Only what was said (flag or file): a replay otherwise asks with the recorded scan's settings.
      settings: {
        ...(cmd.getOptionValueSource('optionalServices') === 'cli' || config.optionalServices !== undefined ? { optionalServicePolicy: o.optionalServices as 'manual' | 'fail' | 'na' } : {}),
        ...(o.scopeTag ? { scopeTags: o.scopeTag as { key: string; value: string }[] } : {}),
        ...(config.acceptAlternatives !== undefined ? { acceptAlternatives: config.acceptAlternatives } : {}),
        ...(config.jobWindowDays ? { jobWindowDays: config.jobWindowDays } : {}),
        ...(config.minLogRetentionDays ? { minLogRetentionDays: config.minLogRetentionDays } : {}),
        ...(config.aiFullAccessAllowList ? { aiFullAccessAllowList: config.aiFullAccessAllowList } : {}),
      },
      governance: { waivers: config.waivers, attestations: config.attestations },
      log,
      onCall: (rec) => progress.onCall(rec),
      signal: interrupt.signal,
      credentials: o.roleArn ? assumeRole(o.roleArn as string, caller, roleOpts) : callerCredentials(caller),
    };
    const deps = { registry, crosswalk: crosswalkLookup };
    if (o.accounts || o.organization) {
      await runMultiAccount(o, options, deps, caller, roleOpts, inputs, log).finally(() => progress.stop());
      if (interrupt.signal.aborted) await exitAfterFlush(process.exitCode ?? 2);
      return;
    }
    const res = await scan(options, deps)
      .catch((err: Error) => {
        throw withProfile(err, options.profile);
      })
      .finally(() => {
        progress.stop();
        process.off('SIGINT', onSigint);
      });
    if (!res.report.scan.complete) log('scan interrupted: the report is marked incomplete; results not reached are ERROR');
    // This scan's folder holds this scan's files only.
    removeStaleOutputs(dirname(res.files.report), [res.files.report, res.files.calls, ...inputs]);
    await finishScan(res, o, log, baseline);
    // The SDK leaves a timer per aborted request (up to its 60 s request timeout) that would keep
    // the process alive after an interrupted scan has written everything: leave now.
    if (!res.report.scan.complete) await exitAfterFlush(process.exitCode ?? 2);
  });
}

async function runMultiAccount(o: Record<string, unknown>, options: ScanOptions, deps: { registry: ReturnType<typeof defaultRegistry>; crosswalk: typeof crosswalkLookup }, caller: CallerOptions, roleOpts: RoleOptions, inputs: string[], log: (l: string) => void): Promise<void> {
  if (!o.roleName) throw new UsageError('--accounts and --organization need --role-name (the role to assume in each account)');
  if (o.roleArn) throw new UsageError('use either --role-arn (one account) or --accounts/--organization with --role-name');
  let ids = (o.accounts as string[] | undefined) ?? [];
  const bad = ids.filter((a) => !/^\d{12}$/.test(a));
  if (bad.length) throw new UsageError(`not an account ID: ${bad.join(', ')}`);
  if (o.organization) {
    ids = await organizationAccounts(managementAccess({ profile: caller.profile, endpointUrl: caller.endpointUrl, maxAttempts: o.maxAttempts as number, homeRegion: caller.region ?? 'us-east-1' })).catch((err: Error) => {
      throw new UsageError(`cannot list the organization's accounts (run from the management or a delegated administrator account): ${err.message}`);
    });
  }
  const partition = 'aws';
  const credentialsFor = (id: string) => assumeRole(roleArnFor(id, o.roleName as string, partition), caller, roleOpts);
  if (o.shard) {
    const plan = planShard(ids, o.shard as Shard, options.out, o.organization ? 'organization' : 'accounts');
    ids = plan.assigned;
    log(`shard ${shardLabel(plan.shard)}: ${ids.length} of ${plan.organization.accounts} account(s)`);
  } else removeShardManifest(options.out);
  let pushCode = 0;
  const scanned: string[] = [];
  // Outputs and push right after each account's scan, so no account's result waits in memory.
  const onResult = async (id: string, r: ScanResult) => {
    scanned.push(dirname(r.files.report));
    removeStaleOutputs(dirname(r.files.report), [r.files.report, r.files.calls, ...inputs]);
    await writeReportOutputs(r, o, log);
    // Each account's findings go to its own Security Hub, with that account's role.
    pushCode = Math.max(pushCode, await afterScanSecurityHub(r, { ...o, credentials: credentialsFor(id) }, (l) => log(`[${id}] ${l}`)));
    log(`${id}: ${r.report.summary.overall}`);
  };
  const { summary, files } = await scanAccounts(ids, options, { ...deps, credentialsFor, onResult }, o.accountConcurrency as number);
  // The folder holds this run's accounts only: an account not scanned now keeps no old report.
  removeStaleOutputs(options.out, [files.json, files.html, files.rows, join(options.out, SHARD_MANIFEST), ...scanned, ...inputs]);
  log(`wrote ${options.out}/organization-summary.json and .html: ${summary.counts.accounts} account(s), ${summary.counts.notScanned} not scanned`);
  const orgCode = organizationExitCode(summary);
  process.exitCode = orgCode === 0 && pushCode === 2 ? 2 : orgCode;
}

/** Writes the extra outputs, prints the summary, pushes if asked, and sets the exit code. */
export async function finishScan(res: ScanResult, o: Record<string, unknown>, log: (l: string) => void, baseline?: Report): Promise<void> {
  const extra = await writeReportOutputs(res, o, log);
  for (const w of res.report.scan.governance?.waivers.expired ?? []) log(`warning: waiver expired and ignored: ${w}`);
  for (const w of res.report.scan.governance?.waivers.stale ?? []) log(`warning: waiver matches nothing (stale): ${w}`);
  for (const w of res.report.scan.governance?.attestations.expired ?? []) log(`warning: attestation expired and ignored: ${w}`);
  for (const w of res.report.scan.governance?.attestations.stale ?? []) log(`warning: attestation matches nothing (stale): ${w}`);
  if (!o.quiet) {
    process.stdout.write(renderTerminal(res.report, { color: useColor(), width: process.stdout.columns }));
    log(`wrote ${[res.files.report, res.files.calls, ...extra].join(', ')}`);
  }
  let diff: ReportDiff | undefined;
  if (baseline) {
    diff = baselineDiff(res.report, baseline);
    const files = writeBaselineDiff(diff, dirname(res.files.report));
    log(`compared with ${String(o.baseline)}: ${realChanges(diff).length} change(s)${diff.regressed ? ', REGRESSED' : ''}; wrote ${files.join(', ')}`);
  }
  const pushCode = await afterScanSecurityHub(res, o, log);
  const code = failOnExitCode(res.report, (o.failOn as FailOn) ?? 'fail', diff);
  process.exitCode = code === 0 && pushCode === 2 ? 2 : code;
}

/** An AWS-compatible endpoint is an http(s) URL ("localhost:4566" parses as a URL of scheme "localhost:"). */
function checkEndpointUrl(v: string): void {
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    /* refused below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) throw new UsageError(`--endpoint-url ${v} is not an http(s) URL, e.g. http://localhost:4566`);
}

/** A credentials failure names the profile it was for. */
function withProfile(err: Error, profile: string | undefined): Error {
  if (profile && err.name === 'CredentialsError' && !err.message.includes(`"${profile}"`)) err.message = `profile "${profile}": ${err.message}`;
  return err;
}

/** Exits once what was written to stdout and stderr has been handed to the OS. */
async function exitAfterFlush(code: number | string): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))));
  process.exit(code);
}

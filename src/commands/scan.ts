// `aims-scan scan`: the main job. Settings come from aims-scan.yaml (or --config) and flags;
// a flag given on the command line wins.
import { Option, type Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { loadConfig, scopeTagsOf, type Config } from '../config/load.js';
import { DEFAULT_OPTIONS, scan, type ScanOptions, type ScanResult } from '../scan.js';
import { assumeRole, managementAccess, organizationAccounts, organizationExitCode, roleArnFor, scanAccounts, type RoleOptions } from '../multi/accounts.js';
import { planShard, shardLabel, shardOption, type Shard } from '../multi/shard.js';
import { createProgress } from '../progress.js';
import { list, logger, positiveInt, scopeTag, UsageError, useColor } from './common.js';
import { failOnExitCode, type FailOn } from './fail-on.js';
import { baselineDiff, writeBaselineDiff } from './baseline.js';
import type { ReportDiff } from '../diff/diff.js';
import { dirname } from 'node:path';
import { addReportOptions, writeReportOutputs } from './report-options.js';
import { addSecurityHubOptions, afterScanSecurityHub } from './securityhub-options.js';

export function registerScan(program: Command): void {
  const cmd = program
    .command('scan')
    .description('scan an AWS account (read-only) and write report.json and calls.jsonl')
    .option('--config <file>', 'settings file (default: ./aims-scan.yaml when present)')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--region <list>', 'comma-separated regions (default: every region enabled for the account)', list)
    .option('--controls <list>', 'comma-separated document control IDs, e.g. 6.1.2,A.7 (default: all)', list)
    .option('--out <dir>', 'output folder', 'aims-report')
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
    .option('--quiet', 'no progress or summary output');
  addReportOptions(cmd);
  addSecurityHubOptions(cmd);
  cmd.action(async (o: Record<string, unknown>) => {
    const { config, file } = loadConfig(o.config as string | undefined);
    mergeConfig(cmd, o, config);
    const log = logger(!!o.quiet);
    if (file) log(`settings from ${file}`);
    if (o.endpointUrl) {
      try {
        new URL(o.endpointUrl as string);
      } catch {
        throw new UsageError(`--endpoint-url ${String(o.endpointUrl)} is not a URL`);
      }
    }
    if (o.shard && !o.accounts && !o.organization) throw new UsageError('--shard needs --organization or --accounts (and --role-name)');
    if (o.failOn === 'regression' && !o.baseline) throw new UsageError('--fail-on regression needs --baseline <earlier report.json>');
    const roleOpts = { externalId: o.externalId as string | undefined, sessionName: o.sessionName as string | undefined, durationSeconds: o.duration as number | undefined };
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
      settings: {
        optionalServicePolicy: o.optionalServices as 'manual' | 'fail' | 'na',
        scopeTags: (o.scopeTag as { key: string; value: string }[] | undefined) ?? [],
        ...(config.acceptAlternatives !== undefined ? { acceptAlternatives: config.acceptAlternatives } : {}),
        ...(config.jobWindowDays ? { jobWindowDays: config.jobWindowDays } : {}),
        ...(config.minLogRetentionDays ? { minLogRetentionDays: config.minLogRetentionDays } : {}),
      },
      governance: { waivers: config.waivers, attestations: config.attestations },
      log,
      onCall: (rec) => progress.onCall(rec),
      signal: interrupt.signal,
      ...(o.roleArn ? { credentials: assumeRole(o.roleArn as string, { profile: o.profile as string | undefined }, roleOpts) } : {}),
    };
    const deps = { registry: defaultRegistry(), crosswalk: crosswalkLookup };
    if (o.accounts || o.organization) {
      await runMultiAccount(o, options, deps, roleOpts, log).finally(() => progress.stop());
      if (interrupt.signal.aborted) await exitAfterFlush(process.exitCode ?? 2);
      return;
    }
    const res = await scan(options, deps).finally(() => {
      progress.stop();
      process.off('SIGINT', onSigint);
    });
    if (!res.report.scan.complete) log('scan interrupted: the report is marked incomplete; results not reached are ERROR');
    await finishScan(res, o, log);
    // The SDK leaves a timer per aborted request (up to its 60 s request timeout) that would keep
    // the process alive after an interrupted scan has written everything: leave now.
    if (!res.report.scan.complete) await exitAfterFlush(process.exitCode ?? 2);
  });
}

async function runMultiAccount(o: Record<string, unknown>, options: ScanOptions, deps: { registry: ReturnType<typeof defaultRegistry>; crosswalk: typeof crosswalkLookup }, roleOpts: RoleOptions, log: (l: string) => void): Promise<void> {
  if (!o.roleName) throw new UsageError('--accounts and --organization need --role-name (the role to assume in each account)');
  if (o.roleArn) throw new UsageError('use either --role-arn (one account) or --accounts/--organization with --role-name');
  let ids = (o.accounts as string[] | undefined) ?? [];
  const bad = ids.filter((a) => !/^\d{12}$/.test(a));
  if (bad.length) throw new UsageError(`not an account ID: ${bad.join(', ')}`);
  if (o.organization) {
    const home = (o.homeRegion as string | undefined) ?? process.env.AWS_REGION ?? 'us-east-1';
    ids = await organizationAccounts(managementAccess({ profile: o.profile as string | undefined, endpointUrl: o.endpointUrl as string | undefined, maxAttempts: o.maxAttempts as number, homeRegion: home })).catch((err: Error) => {
      throw new UsageError(`cannot list the organization's accounts (run from the management or a delegated administrator account): ${err.message}`);
    });
  }
  const partition = 'aws';
  const credentialsFor = (id: string) => assumeRole(roleArnFor(id, o.roleName as string, partition), { profile: o.profile as string | undefined }, roleOpts);
  if (o.shard) {
    const plan = planShard(ids, o.shard as Shard, options.out, o.organization ? 'organization' : 'accounts');
    ids = plan.assigned;
    log(`shard ${shardLabel(plan.shard)}: ${ids.length} of ${plan.organization.accounts} account(s)`);
  }
  let pushCode = 0;
  // Outputs and push right after each account's scan, so no account's result waits in memory.
  const onResult = async (id: string, r: ScanResult) => {
    await writeReportOutputs(r, o, log);
    // Each account's findings go to its own Security Hub, with that account's role.
    pushCode = Math.max(pushCode, await afterScanSecurityHub(r, { ...o, credentials: credentialsFor(id) }, (l) => log(`[${id}] ${l}`)));
    log(`${id}: ${r.report.summary.overall}`);
  };
  const { summary } = await scanAccounts(ids, options, { ...deps, credentialsFor, onResult }, o.accountConcurrency as number);
  log(`wrote ${options.out}/organization-summary.json and .html: ${summary.counts.accounts} account(s), ${summary.counts.notScanned} not scanned`);
  const orgCode = organizationExitCode(summary);
  process.exitCode = orgCode === 0 && pushCode === 2 ? 2 : orgCode;
}

/** Writes the extra outputs, prints the summary, pushes if asked, and sets the exit code. */
export async function finishScan(res: ScanResult, o: Record<string, unknown>, log: (l: string) => void): Promise<void> {
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
  if (o.baseline) {
    diff = await baselineDiff(res.report, o.baseline as string);
    const files = writeBaselineDiff(diff, dirname(res.files.report));
    log(`compared with ${String(o.baseline)}: ${diff.changes.length} change(s)${diff.regressed ? ', REGRESSED' : ''}; wrote ${files.join(', ')}`);
  }
  const pushCode = await afterScanSecurityHub(res, o, log);
  const code = failOnExitCode(res.report, (o.failOn as FailOn) ?? 'fail', diff);
  process.exitCode = code === 0 && pushCode === 2 ? 2 : code;
}

/** Config values fill every option the user did not type on the command line. */
function mergeConfig(cmd: Command, o: Record<string, unknown>, c: Config): void {
  const fromFile: Record<string, unknown> = {
    profile: c.profile,
    region: c.regions,
    controls: c.controls,
    out: c.output?.dir,
    concurrency: c.concurrency,
    serviceConcurrency: c.serviceConcurrency,
    maxAttempts: c.maxAttempts,
    endpointUrl: c.endpointUrl,
    homeRegion: c.homeRegion,
    optionalServices: c.optionalServices,
    scopeTag: c.scopeTags ? scopeTagsOf(c) : undefined,
    failOn: c.failOn,
    baseline: c.baseline,
    format: c.output?.formats?.join(','),
    evidencePack: c.output?.evidencePack,
    pushSecurityhub: c.securityHub?.push,
    roleArn: c.roleArn,
    externalId: c.externalId,
    sessionName: c.sessionName,
    duration: c.duration,
    accounts: c.accounts?.ids,
    organization: c.accounts?.organization,
    roleName: c.accounts?.roleName,
    accountConcurrency: c.accounts?.concurrency,
    includeManual: c.securityHub?.includeManual,
  };
  for (const [k, v] of Object.entries(fromFile)) {
    if (v === undefined) continue;
    if (cmd.getOptionValueSource(k) === 'cli') continue;
    // Options another module has not defined (yet) are ignored rather than invented.
    if (!cmd.options.some((opt) => opt.attributeName() === k)) continue;
    o[k] = v;
  }
}

/** Exits once what was written to stdout and stderr has been handed to the OS. */
async function exitAfterFlush(code: number | string): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))));
  process.exit(code);
}

// `aims-scan scan`: the main job.
import { Option, type Command } from 'commander';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { renderTerminal } from '../../reports/terminal.js';
import { DEFAULT_OPTIONS, scan } from '../scan.js';
import { list, logger, positiveInt, scopeTag, UsageError, useColor } from './common.js';
import { addReportOptions, writeReportOutputs } from './report-options.js';
import { addSecurityHubOptions, afterScanSecurityHub } from './securityhub-options.js';

export function registerScan(program: Command): void {
  const cmd = program
    .command('scan')
    .description('scan an AWS account (read-only) and write report.json and calls.jsonl')
    .option('--profile <name>', 'AWS shared-config profile (default: the SDK credential chain)')
    .option('--region <list>', 'comma-separated regions (default: every region enabled for the account)', list)
    .option('--controls <list>', 'comma-separated document control IDs, e.g. 6.1.2,A.7 (default: all)', list)
    .option('--out <dir>', 'output folder', 'aims-report')
    .option('--concurrency <n>', 'calls in flight across the scan', positiveInt, DEFAULT_OPTIONS.concurrency)
    .option('--service-concurrency <n>', 'calls in flight per service and region', positiveInt, DEFAULT_OPTIONS.perServiceConcurrency)
    .option('--max-attempts <n>', 'SDK attempts per call (adaptive retry)', positiveInt, DEFAULT_OPTIONS.maxAttempts)
    .option('--endpoint-url <url>', 'send every call to this AWS-compatible endpoint (also AWS_ENDPOINT_URL)')
    .option('--home-region <region>', 'region for STS and global services (default: AWS_REGION, then us-east-1)')
    .option('--replay <file>', 'replay a calls.jsonl recording instead of calling AWS')
    .addOption(new Option('--optional-services <policy>', 'what an unused tool-choice service becomes').choices(['manual', 'fail', 'na']).default('manual'))
    .option('--scope-tag <key=value>', 'also judge resources (e.g. buckets) carrying this tag; repeatable', scopeTag)
    .option('--quiet', 'no progress or summary output');
  addReportOptions(cmd);
  addSecurityHubOptions(cmd);
  cmd.action(async (o) => {
    const log = logger(!!o.quiet);
    if (o.endpointUrl) {
      try {
        new URL(o.endpointUrl);
      } catch {
        throw new UsageError(`--endpoint-url ${o.endpointUrl} is not a URL`);
      }
    }
    const res = await scan(
      {
        profile: o.profile,
        regions: o.region,
        controls: o.controls,
        out: o.out,
        concurrency: o.concurrency,
        perServiceConcurrency: o.serviceConcurrency,
        maxAttempts: o.maxAttempts,
        pageCap: DEFAULT_OPTIONS.pageCap,
        endpointUrl: o.endpointUrl,
        homeRegion: o.homeRegion,
        replay: o.replay,
        settings: { optionalServicePolicy: o.optionalServices, scopeTags: o.scopeTag ?? [] },
        log,
      },
      { registry: defaultRegistry(), crosswalk: crosswalkLookup },
    );
    const extra = await writeReportOutputs(res, o, log);
    if (!o.quiet) {
      process.stdout.write(renderTerminal(res.report, { color: useColor(), width: process.stdout.columns }));
      log(`wrote ${[res.files.report, res.files.calls, ...extra].join(', ')}`);
    }
    const pushCode = await afterScanSecurityHub(res, o, log);
    process.exitCode = Math.max(res.exitCode, pushCode === 2 && res.exitCode === 0 ? 2 : 0);
  });
}

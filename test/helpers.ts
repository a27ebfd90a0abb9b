// Test helpers: run one probe (or a registry) against aws-sdk-client-mock'ed clients, never the network.
import { AwsAccess } from '../src/aws/access.js';
import { LiveTransport, type Transport } from '../src/aws/transport.js';
import { DEFAULT_SETTINGS, type Probe, type ScanSettings } from '../src/engine/probe.js';
import { Registry } from '../src/engine/registry.js';
import { buildReport, type Report } from '../src/engine/report.js';
import { runScan, type RunOutput } from '../src/engine/runner.js';
import type { CheckResult } from '../src/model.js';

export const ACCOUNT = '123456789012';
export const IDENTITY = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:role/scanner`, partition: 'aws' as const };
export const NOW = new Date('2026-11-01T12:00:00Z');
/** Where an unmocked call goes: a closed local port, so a missing mock fails fast and offline. */
export const UNMOCKED_ENDPOINT = 'http://127.0.0.1:9';
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDAIMSSCANTEST0001', secretAccessKey: 'aims-scan-test-secret-do-not-print' };

export function liveTransport(): LiveTransport {
  return new LiveTransport({ maxAttempts: 1, credentials: FAKE_CREDENTIALS, endpointUrl: UNMOCKED_ENDPOINT });
}

/** Mocked clients answer at once and have no rate limit: pacing is tested on its own (scheduler.test.ts). */
export function makeAccess(transport: Transport = liveTransport(), over: Partial<ConstructorParameters<typeof AwsAccess>[0]> = {}): AwsAccess {
  return new AwsAccess({ transport, concurrency: 8, limits: false, homeRegion: 'us-east-1', partition: 'aws', pageCap: 50, ...over });
}

/** An AWS SDK error as the SDK surfaces it: matched by name, with HTTP status in $metadata. */
export function awsError(name: string, message = name, httpStatusCode = 400, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, attempts: 1 }, ...extra });
}

export interface ProbeRun {
  check: CheckResult;
  access: AwsAccess;
  run: RunOutput;
}

/** Runs one probe for one control through the real engine; unmocked calls answer `{}`. */
export async function runProbe(probe: Probe<any>, opts: { control?: string; regions?: string[]; settings?: Partial<ScanSettings>; access?: AwsAccess } = {}): Promise<ProbeRun> {
  const control = opts.control ?? 'X.1';
  const registry = new Registry({
    controls: [{ id: control, title: 'test control', group: 'test', description: '', mappings: [{ service: probe.service, implementation: '', controlSupport: '' }] }],
    probes: [probe],
  });
  const access = opts.access ?? makeAccess();
  const settings: ScanSettings = { ...DEFAULT_SETTINGS, ...opts.settings };
  const run = await runScan({ access, identity: IDENTITY, regions: opts.regions ?? ['us-east-1'], controlIds: [control], registry, settings, now: NOW });
  return { check: run.controls[0].checks[0], access, run };
}

/** The report a runner result makes, with the fixed identity and clock of these tests. */
export function reportOf(run: RunOutput, access: AwsAccess, registry: Registry, regions: string[]): Report {
  return buildReport({
    tool: { name: 'aims-scan', version: 'test' },
    identity: IDENTITY,
    startedAt: NOW,
    finishedAt: NOW,
    mode: 'simulated',
    complete: true,
    homeRegion: 'us-east-1',
    regions,
    options: {},
    warnings: [],
    controls: run.controls,
    registry,
    crosswalk: () => undefined,
    stats: access.stats,
    facts: run.facts,
  });
}

// AWS Config recorder state per region, shared by the Config and Config Rules probes (probes.md §2.45):
// one rule for "the recorder is healthy", so the two probes agree.
// The three reads are kept apart: a denied DescribeDeliveryChannels leaves a recorder that is
// known not to record a FAIL, and only a verdict that really needs the channel becomes ERROR.
import type {
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  DeliveryChannel,
  DescribeConfigurationRecordersCommandInput,
  DescribeConfigurationRecordersCommandOutput,
  DescribeConfigurationRecorderStatusCommandInput,
  DescribeConfigurationRecorderStatusCommandOutput,
  DescribeDeliveryChannelsCommandInput,
  DescribeDeliveryChannelsCommandOutput,
  ResourceType,
} from '@aws-sdk/client-config-service';
import { op } from '../../src/aws/ops.js';
import { and, F, mapEv, T, test, U, type Ev, type Tri } from '../../src/engine/evidence.js';
import { defineFact } from '../../src/engine/probe.js';
import type { ReasonCode } from '../../src/model.js';

export const DescribeConfigurationRecorders = op<DescribeConfigurationRecordersCommandInput, DescribeConfigurationRecordersCommandOutput>('config', 'DescribeConfigurationRecorders');
export const DescribeConfigurationRecorderStatus = op<DescribeConfigurationRecorderStatusCommandInput, DescribeConfigurationRecorderStatusCommandOutput>('config', 'DescribeConfigurationRecorderStatus');
export const DescribeDeliveryChannels = op<DescribeDeliveryChannelsCommandInput, DescribeDeliveryChannelsCommandOutput>('config', 'DescribeDeliveryChannels');

export interface ConfigRecorderState {
  recorders: Ev<ConfigurationRecorder[]>;
  /** Without a name, the status of the customer-managed recorder (AWS allows one per region). */
  statuses: Ev<ConfigurationRecorderStatus[]>;
  deliveryChannels: Ev<DeliveryChannel[]>;
}

export const configRecorder = defineFact<ConfigRecorderState>({
  id: 'config-recorder',
  scope: 'regional',
  calls: [DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus, DescribeDeliveryChannels],
  async collect(ctx) {
    const [r, s, d] = await Promise.all([
      ctx.read(DescribeConfigurationRecorders, {}),
      ctx.read(DescribeConfigurationRecorderStatus, {}),
      ctx.read(DescribeDeliveryChannels, {}),
    ]);
    return {
      recorders: mapEv(r, (x) => x.ConfigurationRecorders ?? []),
      statuses: mapEv(s, (x) => x.ConfigurationRecordersStatus ?? []),
      deliveryChannels: mapEv(d, (x) => x.DeliveryChannels ?? []),
    };
  },
});

/**
 * AI resource types a recorder must cover when it records a list of types. Only types AWS Config
 * can record (the SDK's ResourceType): AWS::SageMaker::EndpointConfig and
 * AWS::SageMaker::NotebookInstance, once listed here, are not recordable types, so no recorder
 * could ever have listed them.
 */
export const AI_RESOURCE_TYPES = ['AWS::SageMaker::Model', 'AWS::SageMaker::Domain'] as const satisfies readonly ResourceType[];

export interface RecorderHealth {
  t: Tri;
  /** For a FAIL: nothing records (NOT_ENABLED) or the recorder is set up wrong (MISCONFIGURED). */
  code: ReasonCode;
  /** The customer-managed recorders (ARN or name), when listed. */
  recorders: string[];
}

/** Does the recording group record the AI types: all types, all but excluded ones, or a list that includes them. */
export function recordsAiTypes(r: ConfigurationRecorder): boolean {
  const g = r.recordingGroup;
  if (!g) return false;
  const strategy = g.recordingStrategy?.useOnly;
  if (g.allSupported === true || strategy === 'ALL_SUPPORTED_RESOURCE_TYPES') return true;
  if (strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return !AI_RESOURCE_TYPES.some((t) => g.exclusionByResourceTypes?.resourceTypes?.includes(t));
  return AI_RESOURCE_TYPES.every((t) => g.resourceTypes?.includes(t));
}

function scopeWords(r: ConfigurationRecorder): string {
  const g = r.recordingGroup;
  if (g?.allSupported === true || g?.recordingStrategy?.useOnly === 'ALL_SUPPORTED_RESOURCE_TYPES') return 'all supported types';
  if (g?.recordingStrategy?.useOnly === 'EXCLUSION_BY_RESOURCE_TYPES') return 'all types but the excluded ones (none of them an AI type)';
  return 'the AI resource types';
}

/**
 * Healthy: a customer-managed recorder (service-linked ones record a limited scope for their
 * service) that is recording, whose last status is not Failure, that records the AI types, with a
 * delivery channel. Each part is judged on the read that tells it; a known failure decides alone.
 */
export function recorderHealth(s: ConfigRecorderState): RecorderHealth {
  const own = mapEv(s.recorders, (rs) => rs.filter((r) => !r.servicePrincipal));
  const ownStatus = mapEv(s.statuses, (ss) => ss.filter((x) => !x.servicePrincipal));
  const names = own.known ? own.value.map((r) => r.arn ?? r.name ?? 'recorder').sort() : [];
  // Whether one exists: the recorder list tells, and so does the status list (it has the customer-managed one only).
  let exists: Tri;
  if (own.known) exists = own.value.length ? T('customer-managed recorder') : F(s.recorders.known && s.recorders.value.length ? 'only service-linked Config recorders; no customer-managed recorder' : 'no Config recorder');
  else if (ownStatus.known) exists = ownStatus.value.length ? T('customer-managed recorder') : F('no Config recorder');
  else exists = U([...(s.recorders.known ? [] : s.recorders.causes), ...(s.statuses.known ? [] : s.statuses.causes)], 'whether a Config recorder exists');
  if (exists.v === 'F') return { t: exists, code: 'NOT_ENABLED', recorders: names };

  const recording = test(
    ownStatus,
    (ss) => ss.some((x) => x.recording === true),
    'recording',
    (ss) => ss.map((x) => `recorder ${x.name} is not recording`).join('; ') || 'no Config recorder is recording',
    'whether the recorder is recording',
  );
  if (recording.v === 'F') return { t: recording, code: 'NOT_ENABLED', recorders: names };
  const t = and(
    recording,
    test(
      ownStatus,
      (ss) => ss.some((x) => x.recording === true && x.lastStatus !== 'Failure'),
      'last status not Failure',
      (ss) => ss.map((x) => `recorder ${x.name} last status Failure${x.lastErrorCode ? ` (${x.lastErrorCode})` : ''}`).join('; '),
    ),
    test(own, (rs) => rs.some(recordsAiTypes), (rs) => `records ${scopeWords(rs.find(recordsAiTypes) as ConfigurationRecorder)}`, (rs) => rs.map((r) => `recorder ${r.name} records neither all resource types nor the SageMaker types`).join('; '), 'what the recorder records'),
    test(s.deliveryChannels, (cs) => cs.length > 0, 'with a delivery channel', 'no delivery channel', 'whether a delivery channel exists'),
  );
  if (t.v !== 'T') return { t, code: 'MISCONFIGURED', recorders: names };
  const name = own.known ? own.value.find(recordsAiTypes)?.name : undefined;
  return { t: T(`recorder ${name ?? 'default'} recording ${t.why.find((w) => w.startsWith('records '))?.slice('records '.length) ?? 'the AI resource types'} with a delivery channel`), code: 'MISCONFIGURED', recorders: names };
}

// AWS Config recorder state per region, shared by the Config and Config Rules probes (probes.md §2.45).
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
} from '@aws-sdk/client-config-service';
import { op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';

export const DescribeConfigurationRecorders = op<DescribeConfigurationRecordersCommandInput, DescribeConfigurationRecordersCommandOutput>('config', 'DescribeConfigurationRecorders');
export const DescribeConfigurationRecorderStatus = op<DescribeConfigurationRecorderStatusCommandInput, DescribeConfigurationRecorderStatusCommandOutput>('config', 'DescribeConfigurationRecorderStatus');
export const DescribeDeliveryChannels = op<DescribeDeliveryChannelsCommandInput, DescribeDeliveryChannelsCommandOutput>('config', 'DescribeDeliveryChannels');

export interface ConfigRecorderState {
  recorders: ConfigurationRecorder[];
  statuses: ConfigurationRecorderStatus[];
  channels: DeliveryChannel[];
}

export const configRecorder = defineFact<ConfigRecorderState>({
  id: 'config-recorder',
  scope: 'regional',
  calls: [DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus, DescribeDeliveryChannels],
  async collect(ctx) {
    const [r, s, d] = await Promise.all([
      ctx.call(DescribeConfigurationRecorders, {}),
      ctx.call(DescribeConfigurationRecorderStatus, {}),
      ctx.call(DescribeDeliveryChannels, {}),
    ]);
    return { recorders: r.ConfigurationRecorders ?? [], statuses: s.ConfigurationRecordersStatus ?? [], channels: d.DeliveryChannels ?? [] };
  },
});

/** AI resource types a recorder must cover when it does not record everything. */
export const AI_RESOURCE_TYPES = ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::NotebookInstance', 'AWS::SageMaker::Domain'];

export interface RecorderHealth {
  healthy: boolean;
  reason: string;
  recorder?: string;
}

/**
 * A customer-managed recorder (service-linked ones record a limited scope) that is recording,
 * not failing, covers all types or the AI types, and has a delivery channel.
 */
export function recorderHealth(s: ConfigRecorderState): RecorderHealth {
  const own = s.recorders.filter((r) => !r.servicePrincipal);
  if (own.length === 0) return { healthy: false, reason: s.recorders.length ? 'only service-linked Config recorders; no customer-managed recorder' : 'no Config recorder' };
  const problems: string[] = [];
  for (const r of own) {
    const st = s.statuses.find((x) => x.name === r.name);
    const name = r.arn ?? r.name ?? 'recorder';
    if (!st || st.recording !== true) problems.push(`recorder ${r.name} is not recording`);
    else if (st.lastStatus === 'Failure') problems.push(`recorder ${r.name} last status Failure${st.lastErrorCode ? ` (${st.lastErrorCode})` : ''}`);
    else {
      const g = r.recordingGroup;
      const covers = g?.allSupported === true || AI_RESOURCE_TYPES.every((t) => g?.resourceTypes?.includes(t as never));
      if (!covers) problems.push(`recorder ${r.name} records neither all resource types nor the SageMaker types`);
      else if (s.channels.length === 0) problems.push('no delivery channel');
      else return { healthy: true, reason: `recorder ${r.name} recording ${g?.allSupported ? 'all supported types' : 'the AI resource types'} with a delivery channel`, recorder: name };
    }
  }
  return { healthy: false, reason: problems.join('; ') };
}

// The check registry: the document's controls and every probe. Add a probe by creating
// checks/probes/<service>.ts and listing it here; the engine needs no change.
import { Registry } from '../src/engine/registry.js';
import { CONTROLS } from './catalog.js';
import awsConfig from './probes/aws-config.js';
import awsConfigRules from './probes/aws-config-rules.js';
import cloudtrail from './probes/cloudtrail.js';
import cloudtrailInsights from './probes/cloudtrail-insights.js';
import macie from './probes/macie.js';
import sagemakerModelCards from './probes/sagemaker-model-cards.js';
import sagemakerModelMonitor from './probes/sagemaker-model-monitor.js';
import securityHub from './probes/security-hub.js';

export const PROBES = [awsConfig, awsConfigRules, cloudtrail, cloudtrailInsights, macie, sagemakerModelCards, sagemakerModelMonitor, securityHub];

export const EXTENSIONS: { control: string; probe: (typeof PROBES)[number] }[] = [];

export function defaultRegistry(): Registry {
  return new Registry({ controls: CONTROLS, probes: PROBES, extensions: EXTENSIONS });
}

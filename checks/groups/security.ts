// Security, logging, audit and operations probes. Add new ones here.
import type { Probe } from '../../src/engine/probe.js';
import awsConfig from '../probes/aws-config.js';
import awsConfigRules from '../probes/aws-config-rules.js';
import cloudtrail from '../probes/cloudtrail.js';
import cloudtrailInsights from '../probes/cloudtrail-insights.js';
import macie from '../probes/macie.js';
import securityHub from '../probes/security-hub.js';

export const SECURITY_PROBES: Probe<any>[] = [awsConfig, awsConfigRules, cloudtrail, cloudtrailInsights, macie, securityHub];

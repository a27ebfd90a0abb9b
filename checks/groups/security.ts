// Security, logging, audit and operations probes. Add new ones here.
import type { Probe } from '../../src/engine/probe.js';
import artifact from '../probes/artifact.js';
import auditManager from '../probes/audit-manager.js';
import awsConfig from '../probes/aws-config.js';
import awsConfigRules from '../probes/aws-config-rules.js';
import cloudtrail from '../probes/cloudtrail.js';
import cloudtrailInsights from '../probes/cloudtrail-insights.js';
import cloudwatch from '../probes/cloudwatch.js';
import cloudwatchAlarms from '../probes/cloudwatch-alarms.js';
import cloudwatchDashboards from '../probes/cloudwatch-dashboards.js';
import cloudwatchLogs from '../probes/cloudwatch-logs.js';
import detective from '../probes/detective.js';
import eventbridge from '../probes/eventbridge.js';
import iam from '../probes/iam.js';
import incidentManager from '../probes/incident-manager.js';
import kms from '../probes/kms.js';
import macie from '../probes/macie.js';
import privatelink from '../probes/privatelink.js';
import secretsManager from '../probes/secrets-manager.js';
import securityHub from '../probes/security-hub.js';
import sns from '../probes/sns.js';
import ssmDocuments from '../probes/ssm-documents.js';
import xray from '../probes/xray.js';

export const SECURITY_PROBES: Probe<any>[] = [
  artifact,
  auditManager,
  awsConfig,
  awsConfigRules,
  cloudtrail,
  cloudtrailInsights,
  cloudwatch,
  cloudwatchAlarms,
  cloudwatchDashboards,
  cloudwatchLogs,
  detective,
  eventbridge,
  iam,
  incidentManager,
  kms,
  macie,
  privatelink,
  secretsManager,
  securityHub,
  sns,
  ssmDocuments,
  xray,
];

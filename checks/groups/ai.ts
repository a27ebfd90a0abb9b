// SageMaker and AI-service probes (and the Bedrock extensions). Add new AI probes here.
import type { Probe } from '../../src/engine/probe.js';
import a2iHumanReview from '../probes/a2i-human-review.js';
import bedrockAgentGuardrails from '../probes/bedrock-agent-guardrails.js';
import bedrockApiKeys from '../probes/bedrock-api-keys.js';
import bedrockCustomerManagedKeys from '../probes/bedrock-customer-managed-keys.js';
import bedrockGuardrails from '../probes/bedrock-guardrails.js';
import bedrockInvocationLogging from '../probes/bedrock-invocation-logging.js';
import sagemakerClarify from '../probes/sagemaker-clarify.js';
import sagemakerDataWrangler from '../probes/sagemaker-data-wrangler.js';
import sagemakerEndpoints from '../probes/sagemaker-endpoints.js';
import sagemakerExperiments from '../probes/sagemaker-experiments.js';
import sagemakerGroundTruth from '../probes/sagemaker-ground-truth.js';
import sagemakerJumpstart from '../probes/sagemaker-jumpstart.js';
import sagemakerModelCards from '../probes/sagemaker-model-cards.js';
import sagemakerModelMonitor from '../probes/sagemaker-model-monitor.js';
import sagemakerModelRegistry from '../probes/sagemaker-model-registry.js';
import sagemakerMultiAz from '../probes/sagemaker-multi-az.js';
import sagemakerPipelines from '../probes/sagemaker-pipelines.js';
import sagemakerPlatform from '../probes/sagemaker-platform.js';
import cloudtrailAiDataEvents from '../probes/cloudtrail-ai-data-events.js';
import guarddutyS3Protection from '../probes/guardduty-s3-protection.js';
import iamAiFullAccess from '../probes/iam-ai-full-access.js';
import s3AiCustomerManagedKeys from '../probes/s3-ai-customer-managed-keys.js';
import s3AiSecureTransport from '../probes/s3-ai-secure-transport.js';
import { aiBucketKeys } from '../facts/ai-bucket-keys.js';
import { aiBuckets } from '../facts/ai-buckets.js';
import { bedrockInventory } from '../facts/bedrock-inventory.js';
import { sagemakerAssets } from '../facts/sagemaker-assets.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import type { Fact } from '../../src/engine/probe.js';

export const AI_PROBES: Probe<any>[] = [
  a2iHumanReview,
  sagemakerClarify,
  sagemakerDataWrangler,
  sagemakerEndpoints,
  sagemakerExperiments,
  sagemakerGroundTruth,
  sagemakerJumpstart,
  sagemakerModelCards,
  sagemakerModelMonitor,
  sagemakerModelRegistry,
  sagemakerMultiAz,
  sagemakerPipelines,
  sagemakerPlatform,
];

/**
 * Checks beyond the document's mappings, reported as extensions on these controls (probes.md §3.3):
 * one entry per (control, probe).
 */
export const AI_EXTENSIONS: { control: string; probe: Probe<any> }[] = [
  { control: 'A.11', probe: bedrockInvocationLogging },
  { control: 'A.12', probe: bedrockInvocationLogging },
  { control: 'A.7', probe: bedrockGuardrails },
  { control: 'A.9', probe: bedrockGuardrails },
  { control: 'A.10', probe: bedrockGuardrails },
  // Issue 19: what an AI-workload review checks beyond the mapping document.
  { control: 'A.9', probe: bedrockCustomerManagedKeys },
  { control: 'A.7', probe: bedrockAgentGuardrails },
  { control: 'A.9', probe: bedrockAgentGuardrails },
  { control: 'A.12', probe: cloudtrailAiDataEvents },
  { control: 'A.9', probe: guarddutyS3Protection },
  { control: 'A.11', probe: guarddutyS3Protection },
  { control: 'A.9', probe: iamAiFullAccess },
  { control: 'A.9', probe: bedrockApiKeys },
  { control: 'A.9', probe: s3AiSecureTransport },
  { control: 'A.9', probe: s3AiCustomerManagedKeys },
];

/**
 * Facts the AI inventory is built from (src/inventory/build.ts), computed in every scan like the AI
 * footprint: in a full scan their calls are the checks' own (same inputs), except the asset
 * families no check reads (feature groups, imported models, provisioned throughput, inference
 * profiles, and the agent and prompt details).
 */
export const AI_INVENTORY_FACTS: readonly Fact<any>[] = [sagemakerEndpointDetails, sagemakerAssets, bedrockInventory, aiBuckets, aiBucketKeys];

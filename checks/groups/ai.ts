// SageMaker and AI-service probes (and the Bedrock extensions). Add new AI probes here.
import type { Probe } from '../../src/engine/probe.js';
import a2iHumanReview from '../probes/a2i-human-review.js';
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
];

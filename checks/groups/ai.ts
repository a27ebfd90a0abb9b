// SageMaker and AI-service probes (and the Bedrock extensions). Add new AI probes here.
import type { Probe } from '../../src/engine/probe.js';
import sagemakerModelCards from '../probes/sagemaker-model-cards.js';
import sagemakerModelMonitor from '../probes/sagemaker-model-monitor.js';

export const AI_PROBES: Probe<any>[] = [sagemakerModelCards, sagemakerModelMonitor];

/** Checks beyond the document's mappings, reported as extensions on these controls. */
export const AI_EXTENSIONS: { control: string; probe: Probe<any> }[] = [];

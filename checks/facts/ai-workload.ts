// Wording shared by the workload-conditional probes (probes.md §0): what the AI footprint of a
// region is, and the verdict when it could not be read (never NOT_APPLICABLE on a guess).
import type { Verdict } from '../../src/model.js';
import { notApplicable, undecided } from '../../src/engine/probe.js';
import { anyAi, type AiFootprint } from './ai-footprint.js';

/** "2 in-service endpoint(s), 1 model(s), Bedrock in use" — what made the region count as AI. */
export function footprintSummary(fp: AiFootprint): string {
  const inv = fp.inventory;
  const parts: string[] = [];
  const add = (n: number | undefined, what: string) => {
    if (n) parts.push(`${n} ${what}`);
  };
  add(inv['sagemaker:endpoint-in-service'], 'in-service endpoint(s)');
  add(inv['sagemaker:model'], 'SageMaker model(s)');
  add(inv['sagemaker:training-job'], 'recent training job(s)');
  add(inv['sagemaker:domain'], 'SageMaker domain(s)');
  add(inv['sagemaker:notebook-instance'], 'notebook instance(s)');
  if (fp.bedrock) parts.push('Bedrock in use');
  return parts.length ? parts.join(', ') : fp.sagemaker ? 'SageMaker resources' : 'no AI resources';
}

/** ERROR, not NOT_APPLICABLE, when part of the footprint could not be read. */
export function footprintUnknown(fp: AiFootprint, what: string): Verdict {
  return undecided(fp.causes, `cannot tell whether ${what} applies: the AI footprint could not be read (nothing that was read shows AI use)`);
}

/** The verdict for a region without AI workloads, or undefined when the footprint is present or unknown. */
export function noFootprint(fp: AiFootprint, reason = 'no SageMaker or Bedrock footprint in this region'): Verdict | undefined {
  return anyAi(fp) === false ? notApplicable(reason) : undefined;
}

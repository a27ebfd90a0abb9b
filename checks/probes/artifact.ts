// AWS Artifact — A.14 vendor compliance documentation. probes.md §2.48 (always MANUAL).
// The Artifact SDK client (@aws-sdk/client-artifact) is not served by the package registry this
// project can use, so no API evidence is collected and no call is declared: a person attests that
// the reports and agreements were obtained and reviewed.
import { defineProbe, manual } from '../../src/engine/probe.js';

/** What the attestation should hold. */
export const ARTIFACT_EVIDENCE = [
  'the current AWS ISO/IEC 42001 certificate and report',
  'the SOC 2 Type 2 report',
  'the ISO/IEC 27001 certificate (and 27017/27018 where personal data is processed)',
  'the list of agreements accepted in AWS Artifact (e.g. the AWS Business Associate Addendum, NDA), with their dates',
];

export default defineProbe<Record<string, never>>({
  id: 'artifact',
  service: 'AWS Artifact',
  title: 'AWS compliance reports and agreements were obtained from AWS Artifact and reviewed',
  severity: 'informational',
  remediation: `Download from AWS Artifact (console Artifact → Reports / Agreements) ${ARTIFACT_EVIDENCE.join('; ')}, record who reviewed them and when, and keep them with the AI management system's supplier records.`,
  serviceClass: 'tool-choice',
  scope: 'global',
  calls: [],
  async collect() {
    return {};
  },
  evaluate() {
    return manual(
      `no API evidence collected (the AWS Artifact SDK client is not available to this scanner): attest that these were downloaded from AWS Artifact and reviewed: ${ARTIFACT_EVIDENCE.join('; ')}`,
    );
  },
});

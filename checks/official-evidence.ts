// Which official ISO/IEC 42001:2023 requirements each *check* is evidence for, and why.
//
// The crosswalk (crosswalk.ts) maps the document's 18 IDs to the standard; it is context. The
// official view and soa.csv take their verdicts from this table instead, so an official control
// can only pass or fail through a check that is evidence for it: Security Hub being off in one
// region says nothing about A.10.3 Suppliers, and root MFA says nothing about 6.1.2 AI risk
// assessment.
//
// How a line gets in (an auditor must be able to agree with each one):
// - The check's subject is what the requirement asks for, and every way the check can FAIL (for
//   the document controls named in `via`, where its criteria differ per control) is a gap in that
//   requirement. Protecting the very records the requirement is about (log integrity and
//   retention, encrypted catalog metadata) counts; generic hardening does not.
// - A check that mixes in criteria the requirement does not ask for (e.g. KMS encryption on
//   labelling output) is not mapped; its note says what would make it map.
// - ISO/IEC 42001 Annex A has no generic information-security, privacy or continuity control
//   (those live in ISO/IEC 27001 and 27701). Baseline security checks map to no 42001 control:
//   an organization whose AI risk treatment (6.1.3) selects such a control records that in its
//   Statement of Applicability, as documented information, not through this table.
// - Supporting is never satisfying: documented information is still required (see official.ts).

export interface EvidenceLink {
  /** An official clause (4–10) or Annex A control ID, as in crosswalk.ts. */
  official: string;
  /** One line: what the check shows and why that is evidence for this requirement. */
  why: string;
  /** Only the check's results for these document controls count (its criteria differ per control). Default: all. */
  via?: readonly string[];
}

export interface CheckEvidence {
  /** Official requirements the check is evidence for; empty when it supports none. */
  links: readonly EvidenceLink[];
  /** What the check is evidence for beyond ISO/IEC 42001, or why it maps to nothing here. */
  note: string;
}

const NO_42001 = 'ISO/IEC 42001 has no generic information-security control: evidence for ISO/IEC 27001:2022 Annex A';
const CONTINUITY = 'ISO/IEC 42001 has no continuity control: evidence for ISO/IEC 27001:2022 A.5.29/A.5.30 (and A.8.13/A.8.14)';

/** Keyed by probe id (checks/probes/<id>.ts, and the extensions). A test keeps it complete. */
export const OFFICIAL_EVIDENCE: Readonly<Record<string, CheckEvidence>> = {
  // --- monitoring of AI systems in operation (A.6.2.6) ---
  'sagemaker-model-monitor': {
    links: [{ official: 'A.6.2.6', why: 'Data capture and scheduled Model Monitor jobs on every in-service endpoint monitor deployed models for data and model-quality drift in operation.' }],
    note: 'Same criteria for 6.1.2, 9.1 and A.5 (only the emphasis warning differs). Not evidence that AI risks were assessed (6.1.2/8.2) or of AIMS performance (9.1).',
  },
  cloudwatch: {
    links: [{ official: 'A.6.2.6', why: 'Alarms with enabled actions on every in-service SageMaker endpoint and on AI metrics monitor the AI systems in operation.' }],
    note: 'Operational monitoring of AI systems; not an AI risk assessment (6.1.2) by itself.',
  },
  'cloudwatch-alarms': {
    links: [{ official: 'A.6.2.6', why: 'Alarms on SageMaker/Bedrock metrics that notify a person make operational problems of AI systems known to someone who can act.' }],
    note: 'Internal alerting; A.8.4 asks for a plan to communicate incidents to users, which alarms do not show.',
  },
  'cloudwatch-dashboards': {
    links: [],
    note: 'A dashboard is one way to look at AI metrics; having none is not a gap in any requirement when alarms and monitors exist (see CloudWatch and Model Monitor for A.6.2.6).',
  },
  xray: {
    links: [],
    note: 'Distributed tracing is one monitoring technique among several; its absence is not a gap in A.6.2.6 on its own.',
  },
  eventbridge: {
    links: [],
    note: 'Event-driven automation on SageMaker/Bedrock events; no ISO/IEC 42001 requirement asks for it.',
  },
  'sagemaker-endpoints': {
    links: [],
    note: 'Mixes operation (healthy, auto-scaled) with KMS encryption of endpoint storage, which A.6.2.6 does not ask for; split the encryption criterion out to map the rest to A.6.2.6.',
  },

  // --- event logs (A.6.2.8) ---
  cloudtrail: {
    links: [
      { official: 'A.6.2.8', via: ['A.11', 'A.12'], why: 'A multi-region trail logging all management events records who created, changed or deleted AI resources, in every region (A.12 adds validation, encryption and a tamper-resistant copy of those records).' },
    ],
    note: 'Management events are the control-plane record; model inputs and outputs are Bedrock invocation logging.',
  },
  'cloudwatch-logs': {
    links: [{ official: 'A.6.2.8', why: 'AI log groups (SageMaker, Bedrock invocations, CloudTrail) are kept at least the policy minimum: event logs are retained as records.' }],
    note: 'Retention only; which events are logged is judged by CloudTrail and Bedrock invocation logging.',
  },
  's3-object-lock': {
    links: [{ official: 'A.6.2.8', why: 'Object Lock with a default retention on the buckets receiving audit and AI logs keeps those event logs from being altered or deleted.' }],
    note: 'Integrity of the log records themselves (also ISO/IEC 27001:2022 A.8.15).',
  },
  'bedrock-invocation-logging': {
    links: [{ official: 'A.6.2.8', why: 'Bedrock model invocations (prompts and responses) are logged to retained, protected destinations: the AI system’s own event log while in use.' }],
    note: 'Extension (not in the document).',
  },

  // --- data for AI systems (A.4.3, A.7.x) ---
  'glue-data-quality': {
    links: [{ official: 'A.7.4', why: 'Data Quality rulesets evaluated regularly on AI data measure its quality against defined rules.' }],
    note: 'Tool choice: another data-quality tool is equally valid evidence (attest it).',
  },
  'glue-databrew': {
    links: [{ official: 'A.7.4', via: ['A.3'], why: 'DataBrew profile jobs with a data-quality ruleset or profile configuration check the quality of AI data.' }],
    note: 'Its A.10 criterion (PII de-identification with encrypted output) is privacy: ISO/IEC 27701, no ISO/IEC 42001 control.',
  },
  'sagemaker-data-wrangler': {
    links: [{ official: 'A.7.6', why: 'Data Wrangler flows and their Data Quality and Insights reports document how AI training data is prepared.' }],
    note: 'Mostly attested: the API shows use, not the content of the preparation.',
  },
  'sagemaker-ground-truth': {
    links: [],
    note: 'Would support A.7.4 (label quality: several workers per object or a verification job), but it also fails on KMS encryption of the labelling output, which A.7.4 does not ask for; split that criterion out to map it.',
  },
  'lake-formation': {
    links: [{ official: 'A.7.2', via: ['7.5'], why: 'Data lake administrators, registered locations and the Lake Formation permission model implement governed management of the data used for AI.' }],
    note: 'Its A.10 criterion (row/column/cell-level access) is privacy: ISO/IEC 27701, no ISO/IEC 42001 control.',
  },
  'glue-data-catalog': {
    links: [],
    note: 'Cataloguing AI datasets would support A.4.3 (documented data resources), but the check also fails on connection-password encryption, which A.4.3 does not ask for; split that criterion out to map it.',
  },
  macie: {
    links: [],
    note: 'Sensitive-data discovery is privacy and security (ISO/IEC 27701, ISO/IEC 27001:2022 A.5.12); it supports documenting data categories (A.4.3) only where its results feed that documentation: attest there.',
  },
  s3: {
    links: [{ official: '7.5.3', why: 'Versioning, SSE-KMS encryption, blocked public access and lifecycle rules on the AI buckets are the protection, version control, retention and disposition 7.5.3 asks of stored documented information (model artefacts, evaluations, documentation).' }],
    note: 'Applies as far as the AI buckets hold documented information; training data as such is A.7 data.',
  },
  's3-cross-region-replication': { links: [], note: CONTINUITY },
  'clean-rooms': {
    links: [],
    note: 'Sharing data with partners under analysis rules is privacy (ISO/IEC 27701); no ISO/IEC 42001 control asks for it.',
  },

  // --- impact assessment and documentation (A.5, A.6.2.7, A.8) ---
  'sagemaker-clarify': {
    links: [{ official: 'A.5.4', via: ['A.2'], why: 'Bias analyses of the models (Clarify jobs or bias monitoring) are technical evidence of how the AI systems affect groups of individuals.' }],
    note: 'Its A.7 (explainability on endpoints) and A.8 (completed reports) variants are useful inputs but no requirement asks for Clarify output as such.',
  },
  'sagemaker-model-cards': {
    links: [
      { official: 'A.6.2.7', via: ['A.8'], why: 'Every deployed or registered model has an approved model card: reviewed technical documentation per model.' },
      { official: 'A.8.2', via: ['A.8'], why: 'An approved model card records intended uses and limits: system documentation that can be given to users.' },
    ],
    note: 'Its A.2 variant (a risk rating on each card) is not mapped: a rating on a card is not an AI system impact assessment (A.5.2/A.5.3).',
  },

  // --- design, development and deployment (A.6.1.3, A.6.2.3, A.6.2.5) ---
  'sagemaker-pipelines': {
    links: [{ official: 'A.6.1.3', via: ['A.4'], why: 'Models built by SageMaker pipelines that run show a defined, repeatable development process instead of ad hoc builds.' }],
    note: 'Its A.13 variant (pipelines register their models) is covered for deployment by the Model Registry check.',
  },
  codecommit: {
    links: [{ official: 'A.6.1.3', why: 'Approval rules on ML repositories make changes to AI code go through review before they are merged.' }],
    note: 'Tool choice (CodeCommit is closed to new customers): branch protection elsewhere is equally valid evidence (attest it).',
  },
  codepipeline: {
    links: [{ official: 'A.6.2.5', why: 'A manual approval gate before the deploy stage of ML pipelines that run makes someone confirm deployment requirements are met before release.' }],
    note: 'Tool choice: another gated release process is equally valid evidence (attest it).',
  },
  'sagemaker-model-registry': {
    links: [{ official: 'A.6.2.5', why: 'Deployed models come from Approved model packages: deployment only after recorded approval.' }],
    note: 'Approval status is read, not the criteria behind it.',
  },
  'sagemaker-experiments': {
    links: [{ official: 'A.6.2.3', why: 'Training runs tracked in Experiments/MLflow (parameters, data, metrics) record how the models were developed.' }],
    note: 'Records of development; verification criteria (A.6.2.4) are a documented decision the tracking does not show.',
  },
  'sagemaker-platform': { links: [], note: `Notebook, domain, model and training-job hardening (network isolation, root access, KMS, VPC): ${NO_42001}.` },
  'service-catalog': {
    links: [],
    note: 'Provisioning from approved templates standardises infrastructure; it documents computing resources (A.4.5) only if the organization uses the templates as that documentation: attest there.',
  },
  'step-functions': {
    links: [{ official: 'A.9.2', via: ['A.7'], why: 'AI workflows that pause for a callback approval step put a human decision into the process of using the AI system.' }],
    note: 'Its A.5 variant (retry/catch and logging on AI tasks) is operational robustness, not verification and validation (A.6.2.4).',
  },
  'a2i-human-review': {
    links: [{ official: 'A.9.2', why: 'Active A2I human review workflows with human loops route AI decisions to people for review as part of using the AI system.' }],
    note: 'Tool choice: human review built elsewhere is equally valid evidence (attest it).',
  },
  'bedrock-guardrails': {
    links: [{ official: 'A.9.4', via: ['A.7'], why: 'A READY guardrail enforced for the account keeps model use within defined topics and content limits: the intended use, applied to every invocation.' }],
    note: 'Extension (not in the document). Its A.9 (prompt-attack) and A.10 (PII) variants are security and privacy criteria: ISO/IEC 27001 / 27701.',
  },

  // --- suppliers (A.10.3) ---
  marketplace: {
    links: [{ official: 'A.10.3', why: 'An inventory of third-party AI models and tools acquired through AWS Marketplace is the input to vetting those suppliers.' }],
    note: 'Attested: the API lists agreements, not the vetting.',
  },
  'sagemaker-jumpstart': {
    links: [{ official: 'A.10.3', why: 'JumpStart models used only through a private curated hub, with their licence review, keep third-party models to vetted ones.' }],
    note: 'Attested: the API shows hubs and models, not the review.',
  },
  artifact: {
    links: [{ official: 'A.10.3', why: 'AWS compliance reports and agreements obtained from AWS Artifact and reviewed are the assurance the organization holds on AWS as a supplier.' }],
    note: 'Attested: Artifact downloads are not visible through an API.',
  },

  // --- checks that are evidence for no ISO/IEC 42001 requirement ---
  'security-hub': {
    links: [],
    note: `Security posture management across the account, not specific to AI: not evidence for 6.1.2 AI risk assessment nor for A.10.3/A.10.4 (third parties). ${NO_42001}.`,
  },
  iam: { links: [], note: `Root MFA, root access keys, password policy and admin-grade AI roles are identity hygiene, not an AI risk assessment (6.1.2). ${NO_42001} (A.5.15–A.5.18, A.8.2, A.8.5).` },
  kms: { links: [], note: `Key rotation and customer-managed keys on endpoints are cryptography, not an AI risk assessment (6.1.2). ${NO_42001} (A.8.24).` },
  'secrets-manager': { links: [], note: `Secret rotation: ${NO_42001} (A.5.17).` },
  privatelink: { links: [], note: `Private network paths to SageMaker and Bedrock: ${NO_42001} (A.8.20–A.8.22).` },
  detective: { links: [], note: 'Security investigation tooling; internal audit (9.2) is a documented audit programme, which no AWS service shows. Evidence for ISO/IEC 27001:2022 A.5.25–A.5.28.' },
  'cloudtrail-insights': { links: [], note: 'Anomaly detection on API call rates is security monitoring (ISO/IEC 27001:2022 A.8.16), not an internal audit (9.2).' },
  'aws-config': {
    links: [],
    note: 'Configuration history of resources; it documents computing resources (A.4.5) only if the organization uses it as that documentation: attest there.',
  },
  'aws-config-rules': { links: [], note: 'Automated compliance rules are a tool for monitoring configuration, not the internal audit programme 9.2 requires.' },
  'audit-manager': {
    links: [],
    note: 'An Audit Manager assessment collects evidence for audits; it does not show that an internal audit programme (9.2.1/9.2.2) or an impact assessment (A.5.2) exists.',
  },
  'incident-manager': {
    links: [],
    note: 'Internal incident response (responders, escalation); A.8.4 asks for a plan to communicate incidents to users, and 10.2 for corrective action, neither of which response plans show.',
  },
  sns: { links: [], note: 'Mixes alarm delivery (confirmed subscribers) with KMS encryption and topic policy (security); the alarm chain to people is judged for A.6.2.6 by CloudWatch Alarms.' },
  'ssm-documents': { links: [], note: `Fails on public sharing of documents (${NO_42001}, A.5.14); runbooks that exist are operational documentation no requirement names.` },
  'cost-explorer': { links: [], note: 'Cost monitoring is not an ISO/IEC 42001 requirement; if the organization chose cost as a measure of an AI objective (6.2, 9.1), attest it there.' },
  quicksight: { links: [], note: 'Published dashboards cannot be shown to analyse AI performance from the API; tool choice.' },
  backup: { links: [], note: CONTINUITY },
  'elastic-disaster-recovery': { links: [], note: CONTINUITY },
  'sagemaker-multi-az': { links: [], note: `${CONTINUITY}; availability of an endpoint is not A.4.5 (documentation of computing resources).` },

  // --- extensions of issue 19 (an AI-workload review beyond the mapping document) ---
  'bedrock-agent-guardrails': {
    links: [{ official: 'A.9.4', via: ['A.7'], why: 'Every Bedrock agent applies a guardrail to its sessions, so what the agent is asked and answers stays within the defined limits of its intended use.' }],
    note: 'Extension. Its A.9 variant (same criterion) is information security: ISO/IEC 27001; which filters the guardrail has is judged by the Bedrock Guardrails check.',
  },
  'cloudtrail-ai-data-events': {
    links: [{ official: 'A.6.2.8', why: 'Data events record each model and endpoint invocation and every read and write of the AI buckets: the event log of the AI systems in use and of their data.' }],
    note: 'Extension. Management events (who changed AI resources) are the CloudTrail check; invocation content is Bedrock invocation logging.',
  },
  'bedrock-customer-managed-keys': { links: [], note: `Extension. Customer-managed keys on Bedrock models, agents, prompts and knowledge-base data: ${NO_42001} (A.8.24 use of cryptography).` },
  'guardduty-s3-protection': { links: [], note: `Extension. Threat detection on the S3 data events of AI buckets: ${NO_42001} (A.8.16 monitoring activities); it is not an AI incident communication plan (A.8.4).` },
  'iam-ai-full-access': { links: [], note: `Extension. Who may administer Bedrock and SageMaker is access control, not AI roles and responsibilities (A.3.2): ${NO_42001} (A.5.15, A.5.18, A.8.2).` },
  'bedrock-api-keys': { links: [], note: `Extension. Long-lived bearer keys for Bedrock are credential hygiene: ${NO_42001} (A.5.17 authentication information).` },
  's3-ai-secure-transport': { links: [], note: `Extension. TLS-only access to AI buckets protects data in transit: ${NO_42001} (A.8.24, A.5.14).` },
  's3-ai-customer-managed-keys': { links: [], note: `Extension. A customer-managed key on the AI buckets is cryptographic control of AI data: ${NO_42001} (A.8.24); the S3 check (7.5.3) already asks for SSE-KMS.` },
};

/** The links of a check that count for its result under one document control. */
export function linksFor(probe: string | null, documentControl: string): EvidenceLink[] {
  if (!probe) return [];
  return (OFFICIAL_EVIDENCE[probe]?.links ?? []).filter((l) => !l.via || l.via.includes(documentControl));
}

/** Official IDs a check's result under one document control is evidence for (e.g. for Security Hub's RelatedRequirements). */
export function officialIdsFor(probe: string | null, documentControl: string): string[] {
  return [...new Set(linksFor(probe, documentControl).map((l) => l.official))];
}

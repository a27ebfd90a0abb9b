// The AI inventory (issue 19): built from the facts the scan computed, with its relations and the
// checks that judged each asset; a replayed scan's inventory is the live one; listing it costs no
// call the checks do not make, except for the asset families no check reads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { aiBuckets } from '../../checks/facts/ai-buckets.js';
import { defaultRegistry } from '../../checks/registry.js';
import { validateReport } from '../../reports/json.js';
import type { Report } from '../../src/engine/report.js';
import { runScan } from '../../src/engine/runner.js';
import { DEFAULT_SETTINGS } from '../../src/engine/probe.js';
import { ASSET_KINDS, type AiInventory } from '../../src/inventory/build.js';
import { generateDemoRecording } from '../../src/sim/demo-recording.js';
import { addAgent, addEncryptedKnowledgeBase } from '../../src/sim/services/ai-assets.js';
import { addBucket } from '../../src/sim/services/s3.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { IDENTITY, makeAccess, NOW } from '../helpers.js';
import { deny, simAccount, simTransport } from './sim.js';

const out = mkdtempSync(join(tmpdir(), 'aims-inventory-'));
let live: Report;
let replay: Report;
let recorded: { id: string; service: string; operation: string }[];

beforeAll(async () => {
  // The demo scanned live (simulated AWS), then its recording replayed.
  const gen = await generateDemoRecording();
  live = gen.result.report;
  const r = await scan({ ...DEFAULT_OPTIONS, out: join(out, 'replay'), replay: join(__dirname, '..', '..', 'demo', 'account', 'calls.jsonl') }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
  replay = r.report;
  recorded = readFileSync(r.files.calls, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const inv = () => replay.aiInventory as AiInventory;
const asset = (kind: string, name: string) => inv().assets.find((a) => a.kind === kind && a.name === name)!;
const rel = (from: string, type: string) => inv().relations.filter((r) => r.from === from && r.type === type).map((r) => inv().assets.find((a) => a.id === r.to)!);

describe('AI inventory of the demo account', () => {
  it('lists every asset family the demo has, each with a region, and validates against the report schema', () => {
    const kinds = new Set(inv().assets.map((a) => a.kind));
    for (const k of ASSET_KINDS) expect(kinds, k).toContain(k);
    expect(validateReport(replay)).toEqual([]);
    expect(inv().accountId).toBe('111122223333');
    expect(inv().gaps).toEqual([]);
    for (const a of inv().assets.filter((x) => !x.referenced)) expect(a.region, a.id).toBeTruthy();
  });

  it('relates endpoint → config → model → artefact bucket → key', () => {
    const endpoint = asset('sagemaker:endpoint', 'churn-predictor');
    const [config] = rel(endpoint.id, 'uses-config');
    expect(config.name).toBe('churn-predictor-config');
    const [model] = rel(config.id, 'serves-model');
    expect(model.name).toBe('churn-xgb-v3');
    const [pkg] = rel(model.id, 'from-package');
    expect(pkg.name).toBe('churn-models/3');
    expect(rel(pkg.id, 'version-of').map((g) => g.name)).toEqual(['churn-models']);
    const fraud = asset('sagemaker:model', 'fraud-xgb-v1');
    const [bucket] = rel(fraud.id, 'artifact-in');
    expect(bucket.name).toBe('aims-demo-ml-artifacts-111122223333');
    expect(rel(bucket.id, 'encrypted-by').map((k) => k.arn)).toEqual(['arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a5b']);
    expect(bucket.notes.length).toBeGreaterThan(0);
  });

  it('relates agent → model, guardrail version → guardrail, knowledge base → data source → bucket', () => {
    const agent = asset('bedrock:agent', 'support-assistant');
    expect(rel(agent.id, 'invokes').map((m) => m.kind)).toEqual(['bedrock:foundation-model']);
    const [version] = rel(agent.id, 'guarded-by');
    expect(rel(version.id, 'version-of').map((g) => g.name)).toEqual(['customer-support-guardrail']);
    const kbs = rel(agent.id, 'uses-knowledge-base');
    expect(kbs.map((k) => k.name).sort()).toEqual(['product-docs', 'support-policies']);
    const [ds] = rel(kbs.find((k) => k.name === 'support-policies')!.id, 'has-data-source');
    expect(rel(ds.id, 'reads-from').map((b) => b.name)).toEqual(['aims-demo-ml-training-data-111122223333']);
  });

  it('names the checks that judged each asset, with the asset’s own result', () => {
    const helper = asset('bedrock:agent', 'ops-helper');
    expect(helper.checks.map((c) => `${c.control} ${c.probe} ${c.status}`)).toEqual(['A.7 bedrock-agent-guardrails FAIL', 'A.9 bedrock-agent-guardrails FAIL', 'A.9 bedrock-customer-managed-keys FAIL']);
    expect(asset('sagemaker:endpoint', 'churn-predictor').checks.some((c) => c.probe === 'sagemaker-model-monitor' && c.status === 'PASS')).toBe(true);
    expect(asset('sagemaker:model', 'churn-xgb-v3').modelCard).toMatchObject({ card: 'churn-predictor-card', riskRating: 'medium', status: 'Approved' });
  });

  it('is the same in a replay of the recording as in the live scan', () => {
    expect(replay.aiInventory).toEqual(live.aiInventory);
  });

  it('costs no call the checks do not make, except the asset families no check reads', () => {
    const evidence = new Set(replay.controls.flatMap((c) => c.checks.flatMap((k) => k.evidence)));
    const onlyInventory = [...new Set(recorded.filter((c) => !evidence.has(c.id)).map((c) => `${c.service}:${c.operation}`))].sort();
    // The engine's own calls (identity, regions), and the families no check reads: feature groups,
    // provisioned throughput, application inference profiles, which knowledge bases an agent uses
    // and which embedding model a knowledge base uses.
    expect(onlyInventory).toEqual([
      'bedrock:ListInferenceProfiles',
      'bedrock:ListProvisionedModelThroughputs',
      'bedrockagent:GetKnowledgeBase',
      'bedrockagent:ListAgentKnowledgeBases',
      'ec2:DescribeRegions',
      'sagemaker:ListFeatureGroups',
      'sts:GetCallerIdentity',
    ]);
  });
});

describe('AI inventory on a partly visible account', () => {
  it('keeps the families it could read and names the one it could not, with the call', async () => {
    const a = simAccount();
    addAgent(a, 'us-east-1', { id: 'AG1', name: 'assistant', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0' });
    addEncryptedKnowledgeBase(a, 'us-east-1', { id: 'KB1', name: 'docs', embeddingModel: 'amazon.titan-embed-text-v2:0', dataSource: { id: 'DS1', name: 'manuals', bucket: 'kb-source-bucket' } });
    deny(a, 'bedrockagent', 'ListAgents');
    const r = await scan({ ...DEFAULT_OPTIONS, maxAttempts: 1, out: join(out, 'partial'), homeRegion: 'us-east-1', regions: ['us-east-1'], controls: ['A.9'], transport: simTransport(a), now: NOW }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    const i = r.report.aiInventory!;
    expect(i.assets.some((x) => x.kind === 'bedrock:knowledge-base' && x.name === 'docs')).toBe(true);
    expect(i.assets.some((x) => x.kind === 'bedrock:agent')).toBe(false);
    const gap = i.gaps.find((g) => g.family === 'Bedrock agents')!;
    expect(gap.region).toBe('us-east-1');
    expect(gap.missing.map((m) => m.action)).toEqual(['bedrock:ListAgents']);
  });
});

describe('AI bucket scope', () => {
  it('includes the buckets knowledge-base data sources read', async () => {
    const a = simAccount();
    addBucket(a, 'us-east-1', { name: 'kb-source-bucket' });
    addBucket(a, 'us-east-1', { name: 'unrelated-bucket' });
    addEncryptedKnowledgeBase(a, 'us-east-1', { id: 'KB1', name: 'docs', embeddingModel: 'amazon.titan-embed-text-v2:0', dataSource: { id: 'DS1', name: 'manuals', bucket: 'kb-source-bucket' } });
    const access = makeAccess(simTransport(a));
    const registry = defaultRegistry();
    const run = await runScan({ access, identity: IDENTITY, regions: ['us-east-1'], controlIds: ['7.5'], registry, settings: DEFAULT_SETTINGS, now: NOW });
    const f = run.facts[aiBuckets.id].global as { ai: { name: string; uses: string[]; sources: string[] }[] };
    expect(f.ai.map((b) => [b.name, b.uses])).toEqual([['kb-source-bucket', ['knowledge-base-data']]]);
    expect(f.ai[0].sources[0]).toMatch(/^knowledge base docs data source manuals/);
  });
});

describe('AI inventory robustness', () => {
  it('never fails a scan: a fact it cannot read gives an empty inventory that says why', async () => {
    const { buildInventory } = await import('../../src/inventory/build.js');
    const inv = buildInventory({ accountId: '1', partition: 'aws', regions: ['us-east-1'], facts: { 'sagemaker-assets': { 'us-east-1': { packageGroups: 42 } } }, controls: [] });
    expect(inv.assets).toEqual([]);
    expect(inv.gaps).toHaveLength(1);
    expect(inv.gaps[0]).toMatchObject({ region: 'global', family: 'AI inventory' });
    expect(inv.gaps[0].reason).toMatch(/^not built: /);
  });
});

// The ML-BOM (issue 19): the demo's AI inventory as CycloneDX 1.6, valid against the schema the
// CycloneDX library ships; every relation points at a component or service that exists; models
// carry their model cards; and no secret value, environment variable or hyperparameter planted in
// the account's answers reaches it (nor report.json or report.html).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosswalkLookup } from '../../checks/crosswalk.js';
import { defaultRegistry } from '../../checks/registry.js';
import { buildMlBom, ML_BOM_FILE, renderCycloneDx } from '../../reports/cyclonedx.js';
import { FORMATS } from '../../reports/formats.js';
import { renderHtml } from '../../reports/html.js';
import { OUTPUT_FILES } from '../../src/commands/outputs.js';
import type { Report } from '../../src/engine/report.js';
import { DEMO_HOME_REGION, DEMO_NOW, demoAccount } from '../../src/sim/demo-account.js';
import { DEFAULT_OPTIONS, scan } from '../../src/scan.js';
import { demoScan } from '../reports/demo-scan.js';
import { simTransport } from './sim.js';

const out = mkdtempSync(join(tmpdir(), 'aims-mlbom-'));
let demo: Report;
let bomText: string;

beforeAll(async () => {
  demo = (await demoScan(join(out, 'demo'))).report;
  bomText = renderCycloneDx(demo);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Entity = { 'bom-ref': string; type?: string; name: string; modelCard?: Record<string, unknown>; data?: { type: string }[] };

describe('CycloneDX ML-BOM of the demo account', () => {
  it('is written by --format cyclonedx as aims-ml-bom.cdx.json, a name the output folder knows', () => {
    expect(FORMATS.cyclonedx.file).toBe(ML_BOM_FILE);
    expect(OUTPUT_FILES).toContain('aims-ml-bom.cdx.json');
  });

  it('validates against the CycloneDX 1.6 JSON schema (strict)', async () => {
    const problems = await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(bomText);
    expect(problems).toBeNull();
    const bom = JSON.parse(bomText) as { specVersion: string; serialNumber: string };
    expect(bom.specVersion).toBe('1.6');
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The same scan names its BOM the same.
    expect(renderCycloneDx(demo)).toBe(bomText);
  });

  it('has every relation point at a component or service that exists', () => {
    const bom = JSON.parse(bomText) as { metadata: { component: Entity }; components: Entity[]; services: Entity[]; dependencies: { ref: string; dependsOn?: string[] }[] };
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref']), ...bom.services.map((s) => s['bom-ref'])]);
    expect(refs.size).toBe(1 + bom.components.length + bom.services.length);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref), d.ref).toBe(true);
      for (const x of d.dependsOn ?? []) expect(refs.has(x), `${d.ref} → ${x}`).toBe(true);
    }
    // Each inventory relation is one dependency edge.
    const edges = new Set(bom.dependencies.flatMap((d) => (d.dependsOn ?? []).map((x) => `${d.ref}|${x}`)));
    for (const r of demo.aiInventory!.relations) expect(edges.has(`${r.from}|${r.to}`), `${r.from} ${r.type} ${r.to}`).toBe(true);
  });

  it('makes models machine-learning-model components (with their model card), data sets data components, endpoints and agents services', () => {
    const bom = JSON.parse(bomText) as { components: Entity[]; services: Entity[] };
    const byName = (n: string) => bom.components.find((c) => c.name === n)!;
    const churn = byName('churn-xgb-v3');
    expect(churn.type).toBe('machine-learning-model');
    expect(churn.modelCard).toMatchObject({ considerations: { useCases: ['Decision support'] }, properties: expect.arrayContaining([{ name: 'aims-scan:risk-rating', value: 'medium' }]) });
    expect(byName('support-ft-2026-10-model').type).toBe('machine-learning-model');
    expect(byName('aims-demo-ml-training-data-111122223333')).toMatchObject({ type: 'data', data: [{ type: 'dataset', name: 'aims-demo-ml-training-data-111122223333' }] });
    expect(byName('churn-customer-features').type).toBe('data');
    expect(bom.components.filter((c) => c.type === 'cryptographic-asset').length).toBeGreaterThan(0);
    expect(bom.services.map((s) => s.name)).toEqual(expect.arrayContaining(['churn-predictor', 'support-assistant', 'product-docs', 'support-assistant-profile']));
  });
});

describe('no secret in the ML-BOM or the reports', () => {
  const CANARY = {
    env: 'aims-canary-env-value-7f3a',
    hp: 'aims-canary-hyperparameter-91c2',
    bedrockHp: 'aims-canary-bedrock-hp-5d0e',
    cardHp: 'aims-canary-card-hp-33b8',
    instruction: 'aims-canary-agent-instruction-c4f1',
    template: 'aims-canary-prompt-template-a9e6',
  };

  it('plants values in environment variables, hyperparameters, model card training details, agent instructions and prompt templates; none reaches the outputs', async () => {
    const a = demoAccount();
    const r = 'us-east-1';
    for (const m of a.all('sagemaker:model', r)) (m.PrimaryContainer as Record<string, unknown>).Environment = { DB_PASSWORD: CANARY.env, API_TOKEN: CANARY.env };
    for (const j of a.all('sagemaker:training-job', r)) j.HyperParameters = { api_key: CANARY.hp, eta: '0.2' };
    for (const m of a.all('bedrock:custom-model', r)) m.hyperParameters = { learningRate: CANARY.bedrockHp };
    for (const j of a.all('bedrock:customization-job', r)) j.hyperParameters = { epochCount: CANARY.bedrockHp };
    for (const c of a.all('sagemaker:model-card', r)) {
      const content = JSON.parse(c.Content as string) as Record<string, unknown>;
      c.Content = JSON.stringify({ ...content, training_details: { training_job_details: { hyper_parameters: [{ name: 'secret', value: CANARY.cardHp }], user_provided_hyper_parameters: [{ name: 'token', value: CANARY.cardHp }] } } });
    }
    for (const ag of a.all('bedrockagent:agent', r)) ag.instruction = `Use the password ${CANARY.instruction}`;
    for (const p of a.all('bedrockagent:prompt', r)) (p.variants as { templateConfiguration: { text: { text: string } } }[])[0].templateConfiguration.text.text = CANARY.template;
    const res = await scan({ ...DEFAULT_OPTIONS, maxAttempts: 1, out: join(out, 'planted'), homeRegion: DEMO_HOME_REGION, transport: simTransport(a), now: DEMO_NOW }, { registry: defaultRegistry(), crosswalk: crosswalkLookup });
    // The planted answers were read (the scan saw the models, jobs, cards, agents and prompts).
    const kinds = new Set(res.report.aiInventory!.assets.map((x) => x.kind));
    for (const k of ['sagemaker:model', 'sagemaker:training-job', 'bedrock:custom-model', 'sagemaker:model-card', 'bedrock:agent', 'bedrock:prompt']) expect(kinds).toContain(k);
    const outputs = { bom: renderCycloneDx(res.report), json: JSON.stringify(res.report), html: renderHtml(res.report) };
    for (const [name, text] of Object.entries(outputs)) {
      for (const v of Object.values(CANARY)) expect(text.includes(v), `${name} carries ${v}`).toBe(false);
    }
    const bom = JSON.stringify(buildMlBom(res.report));
    for (const key of ['Environment', 'HyperParameters', 'hyperParameters', 'hyper_parameters', 'DB_PASSWORD']) expect(bom).not.toContain(key);
    // Environment variables and hyperparameters never reach the recording either (redacted on receipt).
    const calls = readFileSync(res.files.calls, 'utf8');
    for (const v of [CANARY.env, CANARY.hp, CANARY.bedrockHp]) expect(calls).not.toContain(v);
  });
});

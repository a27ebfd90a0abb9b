// The Step Functions example (examples/org/step-functions/aims-scan-org.yaml) and its container
// entrypoint (examples/org/ecs-task.mjs), checked without AWS: the template is YAML without
// anchors or aliases, every Ref, GetAtt and ${} names something defined, every placeholder of the
// state machine has a substitution; the Amazon States Language parses, every StartAt, Next and
// Default names a state of its own block (the Distributed Map's ItemProcessor too), every state
// is reachable, intrinsic functions parse; what a shard task is told to run, evaluated on a
// sample item, is what the entrypoint turns into `aims-scan scan --shard K/N`, and the
// entrypoint uploads, downloads and maps exit codes as documented.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as s3sdk from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlias, isNode, parseDocument, visit } from 'yaml';
import { buildProgram } from '../../src/cli.js';
// @ts-expect-error: a JavaScript example without type declarations
import { main as ecsTask } from '../../examples/org/ecs-task.mjs';

const ROOT = join(__dirname, '..', '..');
const text = readFileSync(join(ROOT, 'examples', 'org', 'step-functions', 'aims-scan-org.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'aims-sfn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const doc = parseDocument(text, { prettyErrors: true });
const template = doc.toJS({ maxAliasCount: 0 }) as { AWSTemplateFormatVersion: string; Parameters: Obj; Resources: Record<string, { Type: string; Properties: Obj }>; Outputs: Obj };
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue', 'AWS::NotificationARNs']);
const sm = template.Resources.StateMachine.Properties;
const definition = sm.Definition as Obj;
const substitutions = sm.DefinitionSubstitutions as Obj;

/** Every node of a JSON value with its path. */
function* walk(v: Json, path = '$'): Generator<[string, Json]> {
  yield [path, v];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* walk(v[i], `${path}[${i}]`);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walk(x, `${path}.${k}`);
}

// --- Amazon States Language ------------------------------------------------------------------

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const INTRINSICS = new Set(['States.Format', 'States.StringToJson', 'States.JsonToString', 'States.Array', 'States.ArrayPartition', 'States.ArrayContains', 'States.ArrayRange', 'States.ArrayGetItem', 'States.ArrayLength', 'States.ArrayUnique', 'States.Base64Encode', 'States.Base64Decode', 'States.Hash', 'States.JsonMerge', 'States.MathRandom', 'States.MathAdd', 'States.StringSplit', 'States.UUID']);

type Expr = { fn: string; args: Expr[] } | { path: string } | { lit: Json };

/** Parses a `.$` value: a JSONPath or an intrinsic function call (nested calls, quoted strings, numbers, paths). */
function parseIntrinsic(src: string): Expr {
  let i = 0;
  const ws = () => {
    while (src[i] === ' ') i++;
  };
  const expr = (): Expr => {
    ws();
    if (src[i] === "'") {
      let s = '';
      for (i++; src[i] !== "'"; i++) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === '\\') i++;
        s += src[i];
      }
      i++;
      return { lit: s };
    }
    const m = /^(\$\$?[\w.[\]*]*|States\.\w+|-?\d+(\.\d+)?|true|false|null)/.exec(src.slice(i));
    if (!m) throw new Error(`cannot parse ${src} at ${i}`);
    i += m[0].length;
    if (m[0].startsWith('$')) return { path: m[0] };
    if (!m[0].startsWith('States.')) return { lit: JSON.parse(m[0]) as Json };
    if (!INTRINSICS.has(m[0])) throw new Error(`unknown intrinsic function ${m[0]}`);
    ws();
    if (src[i++] !== '(') throw new Error(`${m[0]} without (`);
    const args: Expr[] = [];
    ws();
    if (src[i] === ')') i++;
    else
      for (;;) {
        args.push(expr());
        ws();
        const c = src[i++];
        if (c === ')') break;
        if (c !== ',') throw new Error(`expected , or ) in ${src} at ${i - 1}`);
      }
    return { fn: m[0], args };
  };
  const e = expr();
  ws();
  if (i !== src.length) throw new Error(`trailing text in ${src}`);
  return e;
}

function jsonPath(path: string, input: Json, context: Obj): Json {
  const [root, ...parts] = path.split('.');
  let v: Json = root === '$$' ? context : input;
  for (const p of parts) v = (v as Obj)?.[p] ?? null;
  return v;
}

/** Evaluates the intrinsics this template uses, as Step Functions would. */
function evaluate(e: Expr, input: Json, context: Obj): Json {
  if ('lit' in e) return e.lit;
  if ('path' in e) return jsonPath(e.path, input, context);
  const a = e.args.map((x) => evaluate(x, input, context));
  switch (e.fn) {
    case 'States.Array':
      return a;
    case 'States.Format': {
      let k = 1;
      return String(a[0]).replace(/\{\}/g, () => String(a[k++]));
    }
    case 'States.StringSplit':
      return String(a[0]).split(String(a[1]));
    case 'States.ArrayRange': {
      const out: number[] = [];
      for (let x = Number(a[0]); x <= Number(a[1]); x += Number(a[2])) out.push(x);
      return out;
    }
    case 'States.StringToJson':
      return JSON.parse(String(a[0])) as Json;
    default:
      throw new Error(`no evaluator for ${e.fn}`);
  }
}

/** Resolves a Parameters/ItemSelector block: `key.$` fields evaluated, others copied. */
function resolveParams(p: Json, input: Json, context: Obj): Json {
  if (Array.isArray(p)) return p.map((x) => resolveParams(x, input, context));
  if (!p || typeof p !== 'object') return p;
  return Object.fromEntries(Object.entries(p).map(([k, v]) => (k.endsWith('.$') ? [k.slice(0, -2), evaluate(parseIntrinsic(String(v)), input, context)] : [k, resolveParams(v, input, context)])));
}

/** Problems in one States block (and the blocks nested in it). */
function aslProblems(block: Obj, where: string): string[] {
  const out: string[] = [];
  const states = block.States as Record<string, Obj>;
  if (!states || typeof states !== 'object') return [`${where}: no States`];
  const names = new Set(Object.keys(states));
  const target = (t: Json, from: string) => {
    if (typeof t !== 'string' || !names.has(t)) out.push(`${where}.${from}: ${String(t)} is not a state of this block`);
  };
  target(block.StartAt, 'StartAt');
  const edges = new Map<string, string[]>();
  for (const [name, s] of Object.entries(states)) {
    const at = `${where}.${name}`;
    const next: string[] = [];
    if (!STATE_TYPES.has(String(s.Type))) out.push(`${at}: Type ${String(s.Type)}`);
    const terminal = s.Type === 'Succeed' || s.Type === 'Fail' || s.Type === 'Choice';
    if (!terminal && (s.End === true) === (s.Next !== undefined)) out.push(`${at}: needs exactly one of Next and End`);
    if (s.Next !== undefined) (target(s.Next, `${name}.Next`), next.push(String(s.Next)));
    if (s.Type === 'Choice') {
      for (const c of (s.Choices as Obj[]) ?? []) (target(c.Next, `${name}.Choices.Next`), next.push(String(c.Next)));
      if (s.Default !== undefined) (target(s.Default, `${name}.Default`), next.push(String(s.Default)));
    }
    for (const c of (s.Catch as Obj[]) ?? []) (target(c.Next, `${name}.Catch.Next`), next.push(String(c.Next)));
    if (s.Type === 'Map') {
      const proc = (s.ItemProcessor ?? s.Iterator) as Obj | undefined;
      if (!proc) out.push(`${at}: Map without ItemProcessor`);
      else out.push(...aslProblems(proc, `${at}.ItemProcessor`));
    }
    for (const [i, b] of ((s.Branches as Obj[]) ?? []).entries()) out.push(...aslProblems(b, `${at}.Branches[${i}]`));
    if (s.Type === 'Task' && !/^arn:aws:states:::[\w-]+(:[\w-]+)*(\.sync|\.waitForTaskToken)?$/.test(String(s.Resource))) out.push(`${at}: Resource ${String(s.Resource)}`);
    for (const [path, v] of walk(s as Json)) {
      if (!path.endsWith('.$') || typeof v !== 'string') continue;
      try {
        parseIntrinsic(v);
      } catch (err) {
        out.push(`${at}${path.slice(1)}: ${(err as Error).message}`);
      }
    }
    edges.set(name, next);
  }
  // Every state reachable from StartAt.
  const seen = new Set<string>();
  const stack = [String(block.StartAt)];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || !names.has(n)) continue;
    seen.add(n);
    stack.push(...(edges.get(n) ?? []));
  }
  for (const n of names) if (!seen.has(n)) out.push(`${where}.${n}: unreachable`);
  return out;
}

/** The definition as deployed: placeholders replaced by sample values, as CloudFormation does in the JSON text. */
const SAMPLE: Record<string, string> = {
  ClusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/aims',
  TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/aims:3',
  SubnetList: 'subnet-0a,subnet-0b',
  SecurityGroupList: 'sg-01',
  AssignPublicIp: 'DISABLED',
  ShardCount: '8',
  MaxConcurrency: '4',
};
const deployed = JSON.parse(JSON.stringify(definition).replace(/\$\{(\w+)\}/g, (_, k: string) => SAMPLE[k] ?? `\${${k}}`)) as Obj;

describe('examples/org/step-functions/aims-scan-org.yaml', () => {
  it('is YAML without anchors, aliases or custom tags, with the template\'s required keys', () => {
    expect(doc.errors.map((e) => e.message)).toEqual([]);
    const found: string[] = [];
    visit(doc, (_k, node) => {
      if (isAlias(node)) found.push(`alias ${node.source}`);
      else if (isNode(node) && (node.anchor || node.tag)) found.push(`${node.anchor ? 'anchor' : 'tag'} ${node.anchor ?? node.tag}`);
    });
    expect(found).toEqual([]);
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    for (const [name, r] of Object.entries(template.Resources)) expect(r.Type, name).toMatch(/^AWS::\w+::\w+$/);
    for (const p of ['OutputBucketName', 'ContainerImage', 'ScanRoleName', 'ShardCount', 'Subnets', 'SecurityGroups']) expect(template.Parameters).toHaveProperty(p);
    expect(template.Resources.StateMachine.Type).toBe('AWS::StepFunctions::StateMachine');
  });

  it('every Ref, GetAtt and ${} names a parameter, a resource or a pseudo parameter', () => {
    const params = new Set(Object.keys(template.Parameters));
    const resources = new Set(Object.keys(template.Resources));
    const bad: string[] = [];
    const refOk = (n: string) => params.has(n) || resources.has(n) || PSEUDO.has(n);
    const all = { Resources: Object.fromEntries(Object.entries(template.Resources).map(([k, r]) => [k, { ...r, Properties: { ...r.Properties, Definition: null } }])), Outputs: template.Outputs } as unknown as Json;
    for (const [path, v] of walk(all)) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      if ('Ref' in v && !refOk(String(v.Ref))) bad.push(`${path}: Ref ${String(v.Ref)}`);
      if ('Fn::GetAtt' in v) {
        const [r] = v['Fn::GetAtt'] as string[];
        if (!resources.has(r)) bad.push(`${path}: GetAtt ${r}`);
      }
      if ('Fn::Sub' in v) {
        const s = Array.isArray(v['Fn::Sub']) ? String(v['Fn::Sub'][0]) : String(v['Fn::Sub']);
        for (const [, name] of s.matchAll(/\$\{([^}!]+)\}/g)) if (!refOk(name) && !resources.has(name.split('.')[0])) bad.push(`${path}: \${${name}}`);
      }
    }
    expect(bad).toEqual([]);
    // And the checker can fail.
    expect(refOk('Nope')).toBe(false);
  });

  it('every placeholder of the state machine has a substitution, and every substitution is used', () => {
    const used = new Set([...JSON.stringify(definition).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(substitutions).sort());
    expect(JSON.stringify(deployed)).not.toMatch(/\$\{/);
  });

  it('the States Language parses and names only existing states, inside the Distributed Map too', () => {
    expect(aslProblems(deployed, '$')).toEqual([]);
    const map = (deployed.States as Record<string, Obj>).ScanShards;
    expect(map.Type).toBe('Map');
    expect((map.ItemProcessor as Obj).ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ToleratedFailurePercentage).toBe(100);
    // The checker catches a dangling Next, an unreachable state and a broken intrinsic.
    const broken = structuredClone(deployed) as { States: Record<string, Obj> };
    ((broken.States.ScanShards.ItemProcessor as Obj).States as Record<string, Obj>).ScanShard.Catch = [{ ErrorEquals: ['States.ALL'], Next: 'Nowhere' }];
    broken.States.Orphan = { Type: 'Succeed' };
    (broken.States.PlanShards.Parameters as Obj)['shards.$'] = 'States.ArrayRange(1, 8';
    const problems = aslProblems(broken as unknown as Obj, '$').join('\n');
    expect(problems).toMatch(/Catch\.Next: Nowhere is not a state/);
    expect(problems).toMatch(/Orphan: unreachable/);
    expect(problems).toMatch(/PlanShards.*shards\.\$/);
  });

  it('plans shards 1..N and tells each task the command the entrypoint expects', () => {
    const states = deployed.States as Record<string, Obj>;
    const context = { Execution: { Name: 'run-2026-11-02' } } as Obj;
    const planned = resolveParams(states.PlanShards.Parameters, {}, context) as Obj;
    expect(planned).toEqual({ shards: [1, 2, 3, 4, 5, 6, 7, 8], maxConcurrency: 4, run: 'run-2026-11-02' });
    const map = states.ScanShards;
    const item = resolveParams(map.ItemSelector, planned, { ...context, Map: { Item: { Value: 3 } } } as Obj) as Obj;
    expect(item).toEqual({ shard: 3, run: 'run-2026-11-02' });
    const task = ((map.ItemProcessor as Obj).States as Record<string, Obj>).ScanShard;
    const params = resolveParams(task.Parameters, item, context) as Obj;
    const override = ((params.Overrides as Obj).ContainerOverrides as Obj[])[0];
    expect(override.Command).toEqual(['scan-shard', '3', '8', 'run-2026-11-02']);
    expect(((params.NetworkConfiguration as Obj).AwsvpcConfiguration as Obj).Subnets).toEqual(['subnet-0a', 'subnet-0b']);
    const merge = resolveParams(states.Merge.Parameters, planned, context) as Obj;
    expect(((merge.Overrides as Obj).ContainerOverrides as Obj[])[0].Command).toEqual(['merge', 'run-2026-11-02']);
    // The override names the task definition's container, whose entrypoint the image holds.
    const container = (template.Resources.TaskDefinition.Properties.ContainerDefinitions as Obj[])[0];
    expect(override.Name).toBe(container.Name);
    expect(container.EntryPoint).toEqual(['node', '/app/examples/org/ecs-task.mjs']);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^COPY examples\/org\/ecs-task\.mjs \.\/examples\/org\/ecs-task\.mjs$/m);
  });

  it('grants no wildcard action and only what the tasks do', () => {
    const actions: string[] = [];
    for (const [, v] of walk(template.Resources as unknown as Json)) if (v && typeof v === 'object' && !Array.isArray(v) && 'Action' in v && 'Effect' in v) actions.push(...[v.Action].flat().map(String));
    for (const a of actions) expect(a).not.toMatch(/\*/);
    const task = JSON.stringify(template.Resources.TaskRole.Properties);
    expect(task).toContain('organizations:ListAccounts');
    expect(task).toContain('arn:${AWS::Partition}:iam::*:role/${ScanRoleName}');
    expect(task).toContain('${OutputBucketName}/${OutputPrefix}/*');
    expect(task).not.toMatch(/s3:(DeleteObject|\*)/);
    expect(String((template.Parameters.ContainerImage as Obj).AllowedPattern)).toContain('@sha256:');
  });
});


describe('examples/org/ecs-task.mjs (the tasks\' entrypoint)', () => {
  const s3 = mockClient(S3Client);
  afterAll(() => s3.restore());
  const env = { AIMS_SCAN_BUCKET: 'org-evidence', AIMS_SCAN_PREFIX: 'aims-scan', AIMS_SCAN_ROLE_NAME: 'AimsScanReadOnly', AIMS_SCAN_ACCOUNT_CONCURRENCY: '4', AIMS_SCAN_EXTRA_ARGS: '["--region","eu-west-1"]' };
  const scanFlags = new Set(buildProgram().commands.find((c) => c.name() === 'scan')!.options.map((o) => o.long!));
  /** The keys uploaded; each body is read to the end, as S3 would. */
  const recordUploads = () => {
    const keys: string[] = [];
    s3.on(PutObjectCommand).callsFake(async (i) => {
      keys.push(String(i.Key));
      for await (const _ of i.Body as AsyncIterable<unknown>) void _;
      return {};
    });
    return keys;
  };

  it('scan-shard: runs the shard\'s scan, uploads its outputs (pack zips, not pack folders), exit 0 for 0-2', async () => {
    s3.reset();
    const puts = recordUploads();
    const workdir = join(dir, 'task');
    for (const [scanCode, exit] of [[1, 0], [2, 0], [3, 3]] as const) {
      puts.length = 0;
      let args: string[] = [];
      const run = async (a: string[]) => {
        args = a;
        const out = a[a.indexOf('--out') + 1];
        mkdirSync(join(out, '111122223333', 'evidence-111122223333-x'), { recursive: true });
        writeFileSync(join(out, 'shard-manifest.json'), '{}');
        writeFileSync(join(out, '111122223333', 'evidence-111122223333-x.zip'), 'zip');
        writeFileSync(join(out, '111122223333', 'evidence-111122223333-x', 'report.json'), '{}');
        return scanCode;
      };
      const code = await ecsTask(['scan-shard', '3', '8', 'run-1'], { ...env, AIMS_SCAN_WORKDIR: workdir }, { s3: new S3Client({ region: 'eu-west-1' }), sdk: s3sdk, run, log: () => undefined });
      expect(code).toBe(exit);
      expect(args.slice(0, 5)).toEqual(['scan', '--organization', '--role-name', 'AimsScanReadOnly', '--shard']);
      expect(args[5]).toBe('3/8');
      expect(args.slice(-2)).toEqual(['--region', 'eu-west-1']);
      for (const f of args.filter((a) => a.startsWith('--'))) expect(scanFlags.has(f), f).toBe(true);
      expect(puts.sort()).toEqual(['aims-scan/run-1/shard-3/111122223333/evidence-111122223333-x.zip', 'aims-scan/run-1/shard-3/shard-manifest.json']);
    }
  });

  it('merge: downloads only the run\'s shards, runs merge, uploads the summary; 0 for 0-1, else merge\'s code', async () => {
    s3.reset();
    const keys = ['aims-scan/run-1/shard-1/shard-manifest.json', 'aims-scan/run-1/shard-2/111122223333/evidence-111122223333-x.zip', 'aims-scan/run-1/organization/organization-summary.json'];
    s3.on(ListObjectsV2Command).resolves({ Contents: keys.map((Key) => ({ Key })), IsTruncated: false });
    s3.on(GetObjectCommand).callsFake(async (i) => ({ Body: Readable.from([Buffer.from(`body of ${String(i.Key)}`)]) }));
    const puts = recordUploads();
    const workdir = join(dir, 'merge');
    for (const [mergeCode, exit] of [[0, 0], [1, 0], [2, 2], [3, 3]] as const) {
      puts.length = 0;
      let args: string[] = [];
      const run = async (a: string[]) => {
        args = a;
        writeFileSync(join(a[a.indexOf('--out') + 1], 'organization-summary.json'), '{}');
        return mergeCode;
      };
      const code = await ecsTask(['merge', 'run-1'], { ...env, AIMS_SCAN_WORKDIR: workdir }, { s3: new S3Client({ region: 'eu-west-1' }), sdk: s3sdk, run, log: () => undefined });
      expect(code).toBe(exit);
      expect(args[0]).toBe('merge');
      expect(readFileSync(join(args[1], 'shard-2', '111122223333', 'evidence-111122223333-x.zip'), 'utf8')).toBe('body of aims-scan/run-1/shard-2/111122223333/evidence-111122223333-x.zip');
      expect(puts).toEqual(['aims-scan/run-1/organization/organization-summary.json']);
    }
    // An earlier merge of the run is not an input.
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).not.toContain(keys[2]);
  });

  it('refuses an S3 key that would leave the run\'s folder, and bad arguments', async () => {
    s3.reset();
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'aims-scan/run-2/shard-1/../../../etc/x' }], IsTruncated: false });
    const deps = { s3: new S3Client({ region: 'eu-west-1' }), sdk: s3sdk, run: async () => 0, log: () => undefined };
    await expect(ecsTask(['merge', 'run-2'], { ...env, AIMS_SCAN_WORKDIR: join(dir, 'evil') }, deps)).rejects.toThrow(/outside the run's folder/);
    await expect(ecsTask(['scan-shard', '1', 'x', 'run'], env, deps)).rejects.toThrow(/usage/);
    await expect(ecsTask(['merge', '../x'], env, deps)).rejects.toThrow(/usage/);
    await expect(ecsTask(['merge', 'run'], { ...env, AIMS_SCAN_BUCKET: '' }, deps)).rejects.toThrow(/AIMS_SCAN_BUCKET/);
  });
});

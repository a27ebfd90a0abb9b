#!/usr/bin/env node
// The ECS task of the Step Functions example (step-functions/aims-scan-org.yaml), inside the image
// the repository's Dockerfile builds. aims-scan itself stays read-only and writes to a local
// folder; copying to and from S3 is this entrypoint's step, the orchestrator's side.
//
//   ecs-task.mjs scan-shard K N RUN   scan shard K of N of the organization, upload the output to
//                                     s3://$AIMS_SCAN_BUCKET/$AIMS_SCAN_PREFIX/RUN/shard-K/
//   ecs-task.mjs merge RUN            download every shard of RUN, run `aims-scan merge`, upload
//                                     organization-summary.* to …/RUN/organization/
//
// Environment: AIMS_SCAN_BUCKET (required), AIMS_SCAN_PREFIX (default aims-scan),
// AIMS_SCAN_ROLE_NAME (the role assumed in each account, default AimsScanReadOnly),
// AIMS_SCAN_ACCOUNT_CONCURRENCY (default 3), AIMS_SCAN_WORKDIR (default /scan),
// AIMS_SCAN_EXTRA_ARGS (a JSON array of further `scan` arguments, e.g. ["--region","us-east-1"]).
// Credentials: the task role, through the SDK's default chain. No credentials in the image.
//
// Exit codes: a shard uploads whatever the scan wrote and exits 0 when the scan ran (its verdicts
// are in the outputs; merge judges them), else the scan's code (3: usage, credentials), so the
// state machine marks that shard failed and merge reports its accounts missing. Merge exits 0 for
// a complete organization summary (FAILs included: they are findings, not a broken run), else
// merge's code (2: accounts missing, evidence tampered or an ERROR; 3: nothing to merge).
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

/** Files under a folder, '/'-separated paths relative to it. */
export function listTree(root, rel = '') {
  const out = [];
  for (const d of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...listTree(root, r));
    else if (d.isFile()) out.push(r);
  }
  return out.sort();
}

/** Runs aims-scan with these arguments; resolves with its exit code. */
export function runCli(args, env = process.env) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'inherit', env });
    child.on('error', fail);
    child.on('close', (code, signal) => ok(code ?? (signal ? 128 : 2)));
  });
}

async function s3Sdk() {
  return import('@aws-sdk/client-s3');
}

/** Uploads the files under `dir` that `keep` accepts to s3://bucket/prefix/…, a few at a time. */
export async function upload(s3, sdk, bucket, prefix, dir, keep = () => true) {
  const files = listTree(dir).filter(keep);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const f = files[i];
      const path = join(dir, ...f.split('/'));
      await s3.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${f}`, Body: createReadStream(path), ContentLength: statSync(path).size }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));
  return files.length;
}

/** Downloads the objects under s3://bucket/prefix/ that `keep` accepts into `dir`, refusing keys that would leave it. */
export async function download(s3, sdk, bucket, prefix, dir, keep = () => true) {
  const root = resolve(dir);
  let token;
  let n = 0;
  do {
    const page = await s3.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const rel = o.Key.slice(prefix.length + 1);
      const target = resolve(root, ...rel.split('/'));
      if (!rel || rel.endsWith('/') || !keep(rel)) continue;
      if (!target.startsWith(root + sep)) throw new Error(`refusing S3 key outside the run's folder: ${o.Key}`);
      mkdirSync(dirname(target), { recursive: true });
      const got = await s3.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: o.Key }));
      await pipeline(got.Body, createWriteStream(target));
      n += 1;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return n;
}

const RUN_NAME = /^[A-Za-z0-9_.:-]{1,80}$/;

function settings(env) {
  const bucket = env.AIMS_SCAN_BUCKET;
  if (!bucket) throw new Error('AIMS_SCAN_BUCKET is not set');
  const extra = env.AIMS_SCAN_EXTRA_ARGS ? JSON.parse(env.AIMS_SCAN_EXTRA_ARGS) : [];
  if (!Array.isArray(extra) || !extra.every((a) => typeof a === 'string')) throw new Error('AIMS_SCAN_EXTRA_ARGS must be a JSON array of strings');
  return {
    bucket,
    prefix: (env.AIMS_SCAN_PREFIX ?? 'aims-scan').replace(/^\/+|\/+$/g, ''),
    roleName: env.AIMS_SCAN_ROLE_NAME ?? 'AimsScanReadOnly',
    accountConcurrency: env.AIMS_SCAN_ACCOUNT_CONCURRENCY ?? '3',
    workdir: env.AIMS_SCAN_WORKDIR ?? '/scan',
    extra,
  };
}

/** The task: returns its exit code. `deps` lets tests replace S3 and the CLI. */
export async function main(argv, env = process.env, deps = {}) {
  const [mode, ...rest] = argv;
  const s = settings(env);
  const sdk = deps.sdk ?? (await s3Sdk());
  const s3 = deps.s3 ?? new sdk.S3Client({ followRegionRedirects: true });
  const run = deps.run ?? runCli;
  const log = deps.log ?? ((l) => process.stderr.write(`ecs-task: ${l}\n`));
  if (mode === 'scan-shard') {
    const [k, n, runName] = rest;
    if (!/^\d+$/.test(k ?? '') || !/^\d+$/.test(n ?? '') || !RUN_NAME.test(runName ?? '')) throw new Error('usage: ecs-task.mjs scan-shard K N RUN');
    const out = join(s.workdir, 'out', `shard-${k}`);
    mkdirSync(out, { recursive: true });
    const code = await run(['scan', '--organization', '--role-name', s.roleName, '--shard', `${k}/${n}`, '--out', out, '--evidence-pack', '--format', 'json,html', '--account-concurrency', s.accountConcurrency, '--quiet', ...s.extra]);
    // Each pack is written as a zip and as a folder; the zip is enough (merge verifies it).
    const sent = await upload(s3, sdk, s.bucket, `${s.prefix}/${runName}/shard-${k}`, out, (f) => !/^\d{12}\/evidence-[^/]+\//.test(f));
    log(`shard ${k}/${n}: scan exited ${code}; uploaded ${sent} file(s) to s3://${s.bucket}/${s.prefix}/${runName}/shard-${k}/`);
    return code <= 2 ? 0 : code;
  }
  if (mode === 'merge') {
    const [runName] = rest;
    if (!RUN_NAME.test(runName ?? '')) throw new Error('usage: ecs-task.mjs merge RUN');
    const shards = join(s.workdir, 'in');
    const out = join(s.workdir, 'out', 'organization');
    mkdirSync(shards, { recursive: true });
    mkdirSync(out, { recursive: true });
    // Only the shards' outputs: an earlier merge of the same run is not an input.
    const got = await download(s3, sdk, s.bucket, `${s.prefix}/${runName}`, shards, (rel) => /^shard-\d+\//.test(rel));
    log(`downloaded ${got} file(s) of run ${runName}`);
    const code = await run(['merge', shards, '--out', out]);
    const sent = await upload(s3, sdk, s.bucket, `${s.prefix}/${runName}/organization`, out);
    log(`merge exited ${code}; uploaded ${sent} file(s) to s3://${s.bucket}/${s.prefix}/${runName}/organization/`);
    return code <= 1 ? 0 : code;
  }
  throw new Error('usage: ecs-task.mjs scan-shard K N RUN | merge RUN');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.TMPDIR ??= join(process.env.AIMS_SCAN_WORKDIR ?? '/scan', 'tmp');
  mkdirSync(process.env.TMPDIR, { recursive: true });
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      process.stderr.write(`ecs-task: ${err.message}\n`);
      process.exitCode = 3;
    },
  );
}

// Amazon SageMaker Experiments — A.5 verification and validation records. probes.md §2.25.
// PASS: an experiment created in the scan window, or an active MLflow tracking server / app
// (the current Experiments experience is MLflow-based). Trial components SageMaker creates for
// jobs on its own (they carry a Source) are reported apart: they overstate adoption.
// Whether runs record validation metrics lives inside MLflow and is always attested.
// Applies where training jobs ran in the window; tracking in use passes whatever else is unknown.
import type {
  ListExperimentsCommandInput,
  ListExperimentsCommandOutput,
  ListMlflowAppsCommandInput,
  ListMlflowAppsCommandOutput,
  ListMlflowTrackingServersCommandInput,
  ListMlflowTrackingServersCommandOutput,
  ListTrialComponentsCommandInput,
  ListTrialComponentsCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult, Verdict } from '../../src/model.js';
import { defineProbe, type CollectContext } from '../../src/engine/probe.js';
import { completeList, fact, mapList, nonEmpty, or, some, type ListEv } from '../../src/engine/evidence.js';
import { sagemakerInventory, windowStart, type SageMakerInventory } from '../facts/sagemaker-inventory.js';
import { gated, noteUnread } from '../rules/workload-gate.js';

export const ListExperiments = op<ListExperimentsCommandInput, ListExperimentsCommandOutput>('sagemaker', 'ListExperiments', { paginate: NEXT_TOKEN });
export const ListTrialComponents = op<ListTrialComponentsCommandInput, ListTrialComponentsCommandOutput>('sagemaker', 'ListTrialComponents', { paginate: NEXT_TOKEN });
export const ListMlflowTrackingServers = op<ListMlflowTrackingServersCommandInput, ListMlflowTrackingServersCommandOutput>('sagemaker', 'ListMlflowTrackingServers', { paginate: NEXT_TOKEN });
export const ListMlflowApps = op<ListMlflowAppsCommandInput, ListMlflowAppsCommandOutput>('sagemaker', 'ListMlflowApps', { paginate: NEXT_TOKEN });

/** Experiments and trial components are only counted: the newest 500 of each are enough. */
export const EXPERIMENT_CAP = 500;
// probes.md §2.25 says Created/Started; the d.ts adds healthy Updated/MaintenanceComplete and IsActive, and MlflowAppStatus has no Started.
const SERVER_UP = ['Created', 'Started', 'Updated', 'MaintenanceComplete'];
const APP_UP = ['Created', 'Updated'];

export interface ExperimentsFacts {
  /** Sub-features the region does not offer. */
  notes: string[];
  windowDays: number;
  inventory: SageMakerInventory;
  experiments: ListEv<{ name: string; arn: string; source?: string }>;
  experimentsTruncated: boolean;
  /** Trial components in the window (evidence only): created by people (no Source) or by SageMaker for a job. */
  trialComponents: ListEv<{ bySageMaker: boolean }>;
  trackingServers: ListEv<{ name: string; arn: string; status?: string; active?: string }>;
  mlflowApps: ListEv<{ name: string; arn: string; status?: string }>;
}

/** A list the region does not offer (UnknownOperationException) is empty there, with a note. */
function offered<T>(l: ListEv<T>, what: string, notes: string[]): ListEv<T> {
  if (l.complete || l.items.length || !l.causes.length || !l.causes.every((c) => c.kind === 'unavailable')) return l;
  notes.push(`${what} is not offered in this region (${l.causes[0].detail.match(/\(([^()]+)\)$/)?.[1] ?? l.causes[0].detail})`);
  return completeList([]);
}

async function collect(ctx: CollectContext): Promise<ExperimentsFacts> {
  const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
  const newest = { CreatedAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 } as const;
  const notes: string[] = [];
  const [inventory, experiments, components, servers, apps] = await Promise.all([
    ctx.use(sagemakerInventory),
    ctx.listNewest(ListExperiments, newest, 'ExperimentSummaries', EXPERIMENT_CAP),
    ctx.listNewest(ListTrialComponents, newest, 'TrialComponentSummaries', EXPERIMENT_CAP),
    ctx.list(ListMlflowTrackingServers, {}, 'TrackingServerSummaries'),
    // The d.ts names the list `Summaries` (probes.md §2.25 does not name it).
    ctx.list(ListMlflowApps, {}, 'Summaries'),
  ]);
  return {
    notes,
    windowDays: ctx.settings.jobWindowDays,
    inventory,
    experiments: mapList(experiments, (e) => ({ name: e.ExperimentName ?? '', arn: e.ExperimentArn ?? e.ExperimentName ?? '', source: e.ExperimentSource?.SourceType })),
    experimentsTruncated: experiments.truncated,
    trialComponents: mapList(components, (c) => ({ bySageMaker: !!c.TrialComponentSource?.SourceArn })),
    trackingServers: mapList(offered(servers, 'SageMaker managed MLflow (tracking servers)', notes), (s) => ({ name: s.TrackingServerName ?? '', arn: s.TrackingServerArn ?? s.TrackingServerName ?? '', status: s.TrackingServerStatus, active: s.IsActive })),
    mlflowApps: mapList(offered(apps, 'SageMaker managed MLflow (serverless apps)', notes), (a) => ({ name: a.Name ?? '', arn: a.Arn ?? a.Name ?? '', status: a.Status })),
  };
}

const serverUp = (s: { status?: string; active?: string }) => s.active === 'Active' || SERVER_UP.includes(s.status ?? '');
const appUp = (a: { status?: string }) => APP_UP.includes(a.status ?? '');

export default defineProbe<ExperimentsFacts>({
  id: 'sagemaker-experiments',
  service: 'Amazon SageMaker Experiments',
  title: 'Training runs are tracked in SageMaker Experiments / MLflow',
  severity: 'low',
  remediation: 'Track training and evaluation runs: create a SageMaker managed MLflow app or tracking server (SageMaker Studio → MLflow, or `aws sagemaker create-mlflow-tracking-server`) and log runs with their validation metrics, or use `sagemaker.experiments.Run`.',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListExperiments, ListTrialComponents, ListMlflowTrackingServers, ListMlflowApps],
  uses: [sagemakerInventory],
  collect,
  evaluate(f) {
    return noteUnread(judged(f), f.experiments, f.trialComponents, f.trackingServers, f.mlflowApps);
  },
});

/** The verdict before unread-but-unneeded reads are noted. */
function judged(f: ExperimentsFacts): Verdict {
  const servers = f.trackingServers.items.filter(serverUp);
  const apps = f.mlflowApps.items.filter(appUp);
  const resources: ResourceResult[] = [
    ...f.trackingServers.items.map((s): ResourceResult => ({ id: s.arn, status: serverUp(s) ? 'PASS' : 'FAIL', reason: `MLflow tracking server ${s.name}: ${s.status ?? 'unknown status'}${s.active ? ` (${s.active})` : ''}` })),
    ...f.mlflowApps.items.map((a): ResourceResult => ({ id: a.arn, status: appUp(a) ? 'PASS' : 'FAIL', reason: `MLflow app ${a.name}: ${a.status ?? 'unknown status'}` })),
  ].sort((a, b) => a.id.localeCompare(b.id));
  const bySource = f.experiments.items.filter((e) => e.source).length;
  const exp = `${f.experiments.items.length}${f.experimentsTruncated || !f.experiments.complete ? '+' : ''} experiment(s) in ${f.windowDays} days (${bySource} created by pipelines or jobs)`;
  const jobMade = f.trialComponents.items.filter((c) => c.bySageMaker).length;
  const tc = f.trialComponents.complete ? `${f.trialComponents.items.length - jobMade} hand-made and ${jobMade} job-generated trial component(s)` : 'trial components not read';
  const evidence = `${exp}, ${servers.length} active MLflow tracking server(s), ${apps.length} MLflow app(s), ${tc}`;
  const warnings = ['whether runs record validation metrics and comparisons lives inside MLflow / the experiments: attest it', ...f.notes];
  if (f.experimentsTruncated) warnings.push(`only the ${EXPERIMENT_CAP} newest experiments were counted`);
  if (!f.trialComponents.complete) warnings.push(`trial components not counted: ${f.trialComponents.causes[0]?.detail ?? ''}`);
  const tracking = or(
    nonEmpty(f.experiments, 'experiments', 'no experiments'),
    some(f.trackingServers, (s) => fact(serverUp(s), 'active tracking server', 'tracking server not active')),
    some(f.mlflowApps, (a) => fact(appUp(a), 'MLflow app', 'MLflow app not up')),
  );
  const training = nonEmpty(f.inventory.trainingJobNames, `${f.inventory.trainingJobNames.items.length} training job(s) in the last ${f.windowDays} days`, `no SageMaker training jobs in the last ${f.windowDays} days`);
  return gated(
    training,
    tracking,
    {
      pass: () => `experiment tracking in use: ${evidence}`,
      fail: () => `${training.why.join('')} but no experiment tracking (${evidence})`,
      code: 'NOT_IN_USE',
      na: `no SageMaker training jobs in the last ${f.windowDays} days and no experiment tracking`,
      condition: 'training jobs in the window',
    },
    { resources, warnings },
  );
}

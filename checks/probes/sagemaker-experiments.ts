// Amazon SageMaker Experiments — A.5 verification and validation records. probes.md §2.25.
// PASS: an experiment created in the scan window, or an active MLflow tracking server / app
// (the current Experiments experience is MLflow-based). Trial components SageMaker creates for
// jobs on its own (they carry a Source) are reported apart: they overstate adoption.
// Whether runs record validation metrics lives inside MLflow and is always attested.
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
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, notApplicable, pass } from '../../src/engine/probe.js';
import { listNewest, sagemakerInventory, unlessUnavailable, windowStart } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

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
  trainingJobs: number;
  experiments: { name: string; arn: string; source?: string }[];
  experimentsTruncated: boolean;
  /** Trial components in the window: created by people (no Source) vs by SageMaker for a job. */
  manualTrialComponents: number;
  jobTrialComponents: number;
  trackingServers: { name: string; arn: string; status?: string; active?: string }[];
  mlflowApps: { name: string; arn: string; status?: string }[];
}

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
  async collect(ctx) {
    const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
    const newest = { CreatedAfter: since, SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 } as const;
    const notes: string[] = [];
    const [inv, experiments, components, servers, apps] = await Promise.all([
      ctx.use(sagemakerInventory),
      listNewest(ctx, ListExperiments, newest, 'ExperimentSummaries', EXPERIMENT_CAP),
      listNewest(ctx, ListTrialComponents, newest, 'TrialComponentSummaries', EXPERIMENT_CAP),
      unlessUnavailable(ctx.all(ListMlflowTrackingServers, {}, 'TrackingServerSummaries'), [], 'SageMaker managed MLflow (tracking servers)', notes),
      // The d.ts names the list `Summaries` (probes.md §2.25 does not name it).
      unlessUnavailable(ctx.all(ListMlflowApps, {}, 'Summaries'), [], 'SageMaker managed MLflow (serverless apps)', notes),
    ]);
    return {
      notes,
      windowDays: ctx.settings.jobWindowDays,
      trainingJobs: mustAll(inv.trainingJobNames).length,
      experiments: experiments.items.map((e) => ({ name: e.ExperimentName ?? '', arn: e.ExperimentArn ?? e.ExperimentName ?? '', source: e.ExperimentSource?.SourceType })),
      experimentsTruncated: experiments.truncated,
      manualTrialComponents: components.items.filter((c) => !c.TrialComponentSource?.SourceArn).length,
      jobTrialComponents: components.items.filter((c) => !!c.TrialComponentSource?.SourceArn).length,
      trackingServers: servers.map((s) => ({ name: s.TrackingServerName ?? '', arn: s.TrackingServerArn ?? s.TrackingServerName ?? '', status: s.TrackingServerStatus, active: s.IsActive })),
      mlflowApps: apps.map((a) => ({ name: a.Name ?? '', arn: a.Arn ?? a.Name ?? '', status: a.Status })),
    };
  },
  evaluate(f) {
    const servers = f.trackingServers.filter((s) => s.active === 'Active' || SERVER_UP.includes(s.status ?? ''));
    const apps = f.mlflowApps.filter((a) => APP_UP.includes(a.status ?? ''));
    const resources: ResourceResult[] = [
      ...f.trackingServers.map((s): ResourceResult => ({ id: s.arn, status: servers.includes(s) ? 'PASS' : 'FAIL', reason: `MLflow tracking server ${s.name}: ${s.status ?? 'unknown status'}${s.active ? ` (${s.active})` : ''}` })),
      ...f.mlflowApps.map((a): ResourceResult => ({ id: a.arn, status: apps.includes(a) ? 'PASS' : 'FAIL', reason: `MLflow app ${a.name}: ${a.status ?? 'unknown status'}` })),
    ];
    const bySource = f.experiments.filter((e) => e.source).length;
    const exp = `${f.experiments.length}${f.experimentsTruncated ? '+' : ''} experiment(s) in ${f.windowDays} days (${bySource} created by pipelines or jobs)`;
    const tc = `${f.manualTrialComponents} hand-made and ${f.jobTrialComponents} job-generated trial component(s)`;
    const evidence = `${exp}, ${servers.length} active MLflow tracking server(s), ${apps.length} MLflow app(s), ${tc}`;
    const warnings = ['whether runs record validation metrics and comparisons lives inside MLflow / the experiments: attest it', ...f.notes];
    if (f.experimentsTruncated) warnings.push(`only the ${EXPERIMENT_CAP} newest experiments were counted`);
    if (f.experiments.length || servers.length || apps.length) return pass(`experiment tracking in use: ${evidence}`, { resources, warnings });
    if (f.trainingJobs === 0) return notApplicable(`no SageMaker training jobs in the last ${f.windowDays} days and no experiment tracking`, { resources });
    return fail(`${f.trainingJobs} training job(s) in the last ${f.windowDays} days but no experiment tracking (${evidence})`, 'NOT_IN_USE', { resources, warnings });
  },
});

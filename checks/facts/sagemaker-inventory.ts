// One SageMaker listing pass per region, shared by every SageMaker probe (probes.md §10):
// the same List calls are never made twice, and every probe sees the same resources.
// The list inputs stay `{}` (training jobs: the scan window) so that any probe importing these ops
// with the same input shares the call instead of repeating it.
import type {
  DomainDetails,
  EndpointSummary,
  ListDomainsCommandInput,
  ListDomainsCommandOutput,
  ListEndpointsCommandInput,
  ListEndpointsCommandOutput,
  ListModelsCommandInput,
  ListModelsCommandOutput,
  ListNotebookInstancesCommandInput,
  ListNotebookInstancesCommandOutput,
  ListTrainingJobsCommandInput,
  ListTrainingJobsCommandOutput,
  ModelSummary,
  NotebookInstanceSummary,
  TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';
import { filterList, mapList, nonEmpty, or, UnknownEvidence, type ListEv, type Tri } from '../../src/engine/evidence.js';

export const ListEndpoints = op<ListEndpointsCommandInput, ListEndpointsCommandOutput>('sagemaker', 'ListEndpoints', { paginate: NEXT_TOKEN });
export const ListModels = op<ListModelsCommandInput, ListModelsCommandOutput>('sagemaker', 'ListModels', { paginate: NEXT_TOKEN });
export const ListDomains = op<ListDomainsCommandInput, ListDomainsCommandOutput>('sagemaker', 'ListDomains', { paginate: NEXT_TOKEN });
export const ListNotebookInstances = op<ListNotebookInstancesCommandInput, ListNotebookInstancesCommandOutput>('sagemaker', 'ListNotebookInstances', { paginate: NEXT_TOKEN });
export const ListTrainingJobs = op<ListTrainingJobsCommandInput, ListTrainingJobsCommandOutput>('sagemaker', 'ListTrainingJobs', { paginate: NEXT_TOKEN });

export const DAY_MS = 86_400_000;

/** The start of a look-back window, from the scan clock so a replay asks the same question. */
export function windowStart(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Newest first by a date field; undated items last. */
export function newestFirst<T>(items: readonly T[], date: (t: T) => Date | undefined): T[] {
  return [...items].sort((a, b) => (date(b)?.getTime() ?? 0) - (date(a)?.getTime() ?? 0));
}

/** SageMaker's answer for a resource that disappeared between the list and the describe. */
export const GONE = [{ name: 'ValidationException', message: /could not find|does not exist|not found/i }, { name: 'ResourceNotFound' }];

/**
 * Each list is read on its own and kept with its completeness: a denied ListTrainingJobs leaves the
 * endpoints known, and only a probe whose requirement reads training jobs is undecided by it.
 */
export interface SageMakerInventory {
  endpoints: ListEv<EndpointSummary>;
  /** Endpoints in service: the ones monitoring, alarms and capture are judged on. */
  inServiceEndpoints: ListEv<EndpointSummary>;
  models: ListEv<ModelSummary>;
  domainIds: ListEv<string>;
  notebookNames: ListEv<string>;
  /** Training jobs created within the scan's job window. */
  trainingJobNames: ListEv<string>;
  domains: ListEv<DomainDetails>;
  notebooks: ListEv<NotebookInstanceSummary>;
  /** Training jobs created within the scan's job window (summaries, for "most recent first" caps). */
  trainingJobs: ListEv<TrainingJobSummary>;
}

export const sagemakerInventory = defineFact<SageMakerInventory>({
  id: 'sagemaker-inventory',
  scope: 'regional',
  calls: [ListEndpoints, ListModels, ListDomains, ListNotebookInstances, ListTrainingJobs],
  async collect(ctx) {
    const since = windowStart(ctx.now, ctx.settings.jobWindowDays);
    // Pages of 100, the most SageMaker allows, not its default 10: a tenth of the calls.
    const [endpoints, models, domains, notebooks, jobs] = await Promise.all([
      ctx.list(ListEndpoints, { MaxResults: 100 }, 'Endpoints', { require: ['EndpointName', 'EndpointStatus'] }),
      ctx.list(ListModels, { MaxResults: 100 }, 'Models', { require: ['ModelName'] }),
      ctx.list(ListDomains, { MaxResults: 100 }, 'Domains'),
      ctx.list(ListNotebookInstances, { MaxResults: 100 }, 'NotebookInstances'),
      ctx.list(ListTrainingJobs, { CreationTimeAfter: since, MaxResults: 100 }, 'TrainingJobSummaries'),
    ]);
    const names = <X>(l: ListEv<X>, f: (x: X) => string | undefined): ListEv<string> => filterList(mapList(l, (x) => f(x) ?? ''), Boolean);
    return {
      endpoints,
      inServiceEndpoints: filterList(endpoints, (e) => e.EndpointStatus === 'InService'),
      models,
      domainIds: names(domains, (d) => d.DomainId),
      notebookNames: names(notebooks, (n) => n.NotebookInstanceName),
      trainingJobNames: names(jobs, (j) => j.TrainingJobName),
      domains,
      notebooks,
      trainingJobs: jobs,
    };
  },
});

/** "Does the region run SageMaker?" as a three-valued answer: one non-empty list proves it. */
export function sageMakerWorkload(inv: SageMakerInventory): Tri {
  return or(
    nonEmpty(inv.endpoints, 'endpoints', 'no endpoints'),
    nonEmpty(inv.models, 'models', 'no models'),
    nonEmpty(inv.domainIds, 'domains', 'no domains'),
    nonEmpty(inv.notebookNames, 'notebook instances', 'no notebook instances'),
    nonEmpty(inv.trainingJobNames, 'training jobs', 'no training jobs'),
  );
}

/** true / false, or UnknownEvidence (→ ERROR naming the lists) when no list proves use and some could not be read. */
export function hasSageMakerWorkload(inv: SageMakerInventory): boolean {
  const t = sageMakerWorkload(inv);
  if (t.v === 'U') throw new UnknownEvidence(t.causes);
  return t.v === 'T';
}

/** "3 endpoint(s), 2 model(s) …" for reasons that explain why a feature is expected. */
export function describeWorkload(inv: SageMakerInventory): string {
  const parts: string[] = [];
  const add = (n: number, what: string) => n > 0 && parts.push(`${n} ${what}`);
  add(inv.endpoints.items.length, 'endpoint(s)');
  add(inv.models.items.length, 'model(s)');
  add(inv.trainingJobNames.items.length, 'training job(s) in the window');
  add(inv.domainIds.items.length, 'domain(s)');
  add(inv.notebookNames.items.length, 'notebook instance(s)');
  return parts.join(', ') || 'no SageMaker resources';
}

/** The first few reasons, joined, with a count of the rest: reasons stay one line. */
export function someOf(items: readonly string[], n = 3): string {
  return items.slice(0, n).join('; ') + (items.length > n ? `; +${items.length - n} more` : '');
}

// One SageMaker listing pass per region, shared by every SageMaker probe (probes.md §10):
// the same List calls are never made twice, and every probe sees the same resources.
import type {
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
} from '@aws-sdk/client-sagemaker';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineFact } from '../../src/engine/probe.js';

export const ListEndpoints = op<ListEndpointsCommandInput, ListEndpointsCommandOutput>('sagemaker', 'ListEndpoints', { paginate: NEXT_TOKEN });
export const ListModels = op<ListModelsCommandInput, ListModelsCommandOutput>('sagemaker', 'ListModels', { paginate: NEXT_TOKEN });
export const ListDomains = op<ListDomainsCommandInput, ListDomainsCommandOutput>('sagemaker', 'ListDomains', { paginate: NEXT_TOKEN });
export const ListNotebookInstances = op<ListNotebookInstancesCommandInput, ListNotebookInstancesCommandOutput>('sagemaker', 'ListNotebookInstances', { paginate: NEXT_TOKEN });
export const ListTrainingJobs = op<ListTrainingJobsCommandInput, ListTrainingJobsCommandOutput>('sagemaker', 'ListTrainingJobs', { paginate: NEXT_TOKEN });

export interface SageMakerInventory {
  endpoints: EndpointSummary[];
  /** Endpoints in service: the ones monitoring, alarms and capture are judged on. */
  inServiceEndpoints: EndpointSummary[];
  models: ModelSummary[];
  domainIds: string[];
  notebookNames: string[];
  /** Training jobs created within the scan's job window. */
  trainingJobNames: string[];
}

export const sagemakerInventory = defineFact<SageMakerInventory>({
  id: 'sagemaker-inventory',
  scope: 'regional',
  calls: [ListEndpoints, ListModels, ListDomains, ListNotebookInstances, ListTrainingJobs],
  async collect(ctx) {
    const since = new Date(ctx.now.getTime() - ctx.settings.jobWindowDays * 86_400_000);
    const [endpoints, models, domains, notebooks, jobs] = await Promise.all([
      ctx.all(ListEndpoints, {}, 'Endpoints'),
      ctx.all(ListModels, {}, 'Models'),
      ctx.all(ListDomains, {}, 'Domains'),
      ctx.all(ListNotebookInstances, {}, 'NotebookInstances'),
      ctx.all(ListTrainingJobs, { CreationTimeAfter: since }, 'TrainingJobSummaries'),
    ]);
    return {
      endpoints,
      inServiceEndpoints: endpoints.filter((e) => e.EndpointStatus === 'InService'),
      models,
      domainIds: domains.map((d) => d.DomainId ?? '').filter(Boolean),
      notebookNames: notebooks.map((n) => n.NotebookInstanceName ?? '').filter(Boolean),
      trainingJobNames: jobs.map((j) => j.TrainingJobName ?? '').filter(Boolean),
    };
  },
});

export function hasSageMakerWorkload(inv: SageMakerInventory): boolean {
  return inv.endpoints.length + inv.models.length + inv.domainIds.length + inv.notebookNames.length + inv.trainingJobNames.length > 0;
}

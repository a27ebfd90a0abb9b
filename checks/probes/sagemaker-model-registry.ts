// Amazon SageMaker Model Registry — A.13 controlled release of models. probes.md §2.43.
// PASS: ≥1 model package group with an Approved version, and every model behind an in-service
// endpoint comes from a registry package whose status is Approved (endpoint → model → package).
// Packages are described with IncludedData=MetadataOnly: no kms:Decrypt for embedded model cards.
import type {
  DescribeModelPackageCommandInput,
  DescribeModelPackageCommandOutput,
  ListModelPackageGroupsCommandInput,
  ListModelPackageGroupsCommandOutput,
  ListModelPackagesCommandInput,
  ListModelPackagesCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isAbsent } from '../../src/aws/errors.js';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, startNow } from '../../src/engine/probe.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { GONE, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';
import { mustAll } from '../../src/engine/evidence.js';

export const ListModelPackageGroups = op<ListModelPackageGroupsCommandInput, ListModelPackageGroupsCommandOutput>('sagemaker', 'ListModelPackageGroups', { paginate: NEXT_TOKEN });
export const ListModelPackages = op<ListModelPackagesCommandInput, ListModelPackagesCommandOutput>('sagemaker', 'ListModelPackages', { paginate: NEXT_TOKEN });
export const DescribeModelPackage = op<DescribeModelPackageCommandInput, DescribeModelPackageCommandOutput>('sagemaker', 'DescribeModelPackage', { absent: GONE });

/** Groups checked for an Approved version (newest first); one call each. */
export const GROUP_CAP = 200;

export interface DeployedModel {
  endpoint: string;
  model: string;
  modelArn?: string;
  modelExists: boolean;
  /** Package ARN or name from the model's containers, if any. */
  packageName?: string;
  /** Package from another account (e.g. AWS Marketplace): its approval is not visible here. */
  foreignAccount?: string;
  packageFound?: boolean;
  approval?: string;
  group?: string;
}

export interface RegistryFacts {
  models: number;
  groups: { name: string; arn: string; approved: boolean | null }[];
  groupsTruncated: boolean;
  deployed: DeployedModel[];
}

const accountOf = (arn: string) => (arn.startsWith('arn:') ? arn.split(':')[4] : undefined);

function judge(d: DeployedModel): ResourceResult {
  const id = d.modelArn ?? d.model;
  const say = (status: ResourceResult['status'], why: string): ResourceResult => ({ id, status, reason: `endpoint ${d.endpoint} → model ${d.model}: ${why}` });
  if (!d.modelExists) return say('MANUAL', 'model deleted while still deployed; its source cannot be read');
  if (!d.packageName) return say('FAIL', 'not deployed from a registry model package');
  if (d.foreignAccount) return say('MANUAL', `package ${d.packageName} belongs to account ${d.foreignAccount} (e.g. AWS Marketplace): approval not visible here`);
  if (d.packageFound === false) return say('MANUAL', `package ${d.packageName} no longer exists`);
  if (d.approval !== 'Approved') return say('FAIL', `package ${d.packageName} is ${d.approval ?? 'without approval status'}`);
  return say('PASS', `package ${d.packageName} Approved${d.group ? ` in group ${d.group}` : ''}`);
}

export default defineProbe<RegistryFacts>({
  id: 'sagemaker-model-registry',
  service: 'Amazon SageMaker Model Registry',
  title: 'Deployed models come from Approved Model Registry packages',
  severity: 'high',
  remediation: 'Register models in a model package group and deploy only Approved versions: SageMaker Studio → Models → Registered models, `aws sagemaker create-model-package-group`, `update-model-package --model-approval-status Approved`, then create the model from the package ARN (`create-model --primary-container ModelPackageName=…`).',
  serviceClass: 'workload',
  scope: 'regional',
  calls: [ListModelPackageGroups, ListModelPackages, DescribeModelPackage],
  uses: [sagemakerInventory, sagemakerEndpointDetails],
  async collect(ctx) {
    // The endpoint chain (endpoint → config → model) is the longest: the groups do not wait for it.
    const detailsP = startNow(ctx.use(sagemakerEndpointDetails));
    const [inv, groupList] = await Promise.all([ctx.use(sagemakerInventory), ctx.all(ListModelPackageGroups, { MaxResults: 100 }, 'ModelPackageGroupSummaryList')]);
    const sorted = newestFirst(groupList, (g) => g.CreationTime);
    const groups = await Promise.all(
      sorted.map(async (g, i) => {
        if (i >= GROUP_CAP) return { name: g.ModelPackageGroupName ?? '', arn: g.ModelPackageGroupArn ?? '', approved: null };
        // One page of one item answers "is there an Approved version?".
        const r = await ctx.call(ListModelPackages, { ModelPackageGroupName: g.ModelPackageGroupName, ModelApprovalStatus: 'Approved', MaxResults: 1 });
        return { name: g.ModelPackageGroupName ?? '', arn: g.ModelPackageGroupArn ?? '', approved: (r.ModelPackageSummaryList ?? []).length > 0 };
      }),
    );
    const deployed: DeployedModel[] = [];
    for (const e of mustAll((await detailsP).endpoints)) {
      for (const m of e.models) {
        const pkg = m.containers.map((c) => c.modelPackageName).find((p): p is string => !!p);
        const foreign = pkg && accountOf(pkg) && accountOf(pkg) !== ctx.accountId ? accountOf(pkg) : undefined;
        deployed.push({ endpoint: e.name, model: m.name, modelArn: m.arn, modelExists: m.exists, packageName: pkg, foreignAccount: foreign });
      }
    }
    await Promise.all(
      deployed
        .filter((d) => d.packageName && !d.foreignAccount)
        .map(async (d) => {
          const r = await ctx.callOrAbsent(DescribeModelPackage, { ModelPackageName: d.packageName, IncludedData: 'MetadataOnly' });
          d.packageFound = !isAbsent(r);
          if (!isAbsent(r)) Object.assign(d, { approval: r.ModelApprovalStatus, group: r.ModelPackageGroupName });
        }),
    );
    return { models: mustAll(inv.models).length, groups, groupsTruncated: sorted.length > GROUP_CAP, deployed };
  },
  evaluate(f) {
    if (f.models === 0 && f.groups.length === 0) return notApplicable('no SageMaker models and no model package groups in this region');
    const resources: ResourceResult[] = f.deployed.map(judge);
    const approvedGroups = f.groups.filter((g) => g.approved);
    const warnings = f.groupsTruncated ? [`only the ${GROUP_CAP} newest model package groups were checked for an Approved version`] : [];
    const registry = `${f.groups.length} model package group(s), ${approvedGroups.length} with an Approved version`;
    const failing = resources.filter((r) => r.status === 'FAIL');
    const notApproved = f.deployed.some((d) => d.packageName && !d.foreignAccount && d.packageFound && d.approval !== 'Approved');
    if (failing.length) return fail(`${failing.length} of ${resources.length} deployed model(s) not from an Approved package (${registry}): ${someOf(failing.map((r) => r.reason))}`, notApproved ? 'MISCONFIGURED' : 'NOT_IN_USE', { resources, warnings });
    if (approvedGroups.length === 0) {
      if (f.groupsTruncated) return manual(`${registry} among those checked; older groups were not checked`, { code: 'PARTIAL', resources, warnings });
      return fail(f.groups.length ? `${registry}: the registry holds no Approved model` : `${f.models} SageMaker model(s) but no Model Registry groups`, 'NOT_IN_USE', { resources, warnings });
    }
    const unsure = resources.filter((r) => r.status === 'MANUAL');
    if (unsure.length) return manual(`${registry}; ${unsure.length} deployed model(s) could not be traced: ${someOf(unsure.map((r) => r.reason))}`, { code: 'PARTIAL', resources, warnings });
    const chain = resources.length ? `; all ${resources.length} deployed model(s) come from Approved packages` : '; no models deployed on in-service endpoints';
    return pass(`${registry}${chain}`, { resources, warnings });
  },
});

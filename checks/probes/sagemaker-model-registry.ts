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
import { defineProbe, fail, manual, notApplicable, resourceOf, startNow, verdictOf } from '../../src/engine/probe.js';
import { and, every, F, known, mapEv, nonEmpty, or, some, T, U, unreadResources, type Cause, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import { sagemakerEndpointDetails } from '../facts/sagemaker-endpoint-details.js';
import { GONE, newestFirst, sagemakerInventory, someOf } from '../facts/sagemaker-inventory.js';

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
  /** Causes when DescribeModelPackage did not answer. */
  unread?: Cause[];
}

export interface RegistryFacts {
  models: ListEv<unknown>;
  /** Groups (newest first); approved: does it hold an Approved version (unknown if the call failed; null past the cap). */
  groups: ListEv<{ name: string; arn: string; approved: Ev<boolean> | null }>;
  groupsTruncated: boolean;
  /** Deployed models per in-service endpoint, unknown while the endpoint's config or models are. */
  deployed: ListEv<Ev<DeployedModel[]>>;
}

const accountOf = (arn: string) => (arn.startsWith('arn:') ? arn.split(':')[4] : undefined);

function judge(d: DeployedModel): { t: Tri; result: ResourceResult; unsure?: boolean } {
  const id = d.modelArn ?? d.model;
  const label = `endpoint ${d.endpoint} → model ${d.model}`;
  const say = (status: ResourceResult['status'], why: string): ResourceResult => ({ id, status, reason: `${label}: ${why}` });
  const unsure = (why: string) => ({ t: T([]), result: say('MANUAL', why), unsure: true });
  if (!d.modelExists) return unsure('model deleted while still deployed; its source cannot be read');
  if (!d.packageName) return { t: F('not deployed from a registry model package'), result: say('FAIL', 'not deployed from a registry model package') };
  if (d.foreignAccount) return unsure(`package ${d.packageName} belongs to account ${d.foreignAccount} (e.g. AWS Marketplace): approval not visible here`);
  if (d.unread) {
    const t = U(d.unread, `approval of package ${d.packageName}`);
    return { t, result: resourceOf(id, undefined, t, label) };
  }
  if (d.packageFound === false) return unsure(`package ${d.packageName} no longer exists`);
  if (d.approval !== 'Approved') return { t: F(`package ${d.packageName} is ${d.approval ?? 'without approval status'}`), result: say('FAIL', `package ${d.packageName} is ${d.approval ?? 'without approval status'}`) };
  return { t: T([]), result: say('PASS', `package ${d.packageName} Approved${d.group ? ` in group ${d.group}` : ''}`) };
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
    const [inv, groupList] = await Promise.all([ctx.use(sagemakerInventory), ctx.list(ListModelPackageGroups, { MaxResults: 100 }, 'ModelPackageGroupSummaryList')]);
    const sorted = newestFirst(groupList.items, (g) => g.CreationTime);
    const groups = await Promise.all(
      sorted.map(async (g, i) => {
        const name = g.ModelPackageGroupName ?? '';
        const arn = g.ModelPackageGroupArn ?? '';
        if (i >= GROUP_CAP) return { name, arn, approved: null };
        // One page of one item answers "is there an Approved version?".
        const r = await ctx.read(ListModelPackages, { ModelPackageGroupName: g.ModelPackageGroupName, ModelApprovalStatus: 'Approved', MaxResults: 1 }, { resource: arn || name });
        return { name, arn, approved: mapEv(r, (x) => (x.ModelPackageSummaryList ?? []).length > 0) };
      }),
    );
    const details = await detailsP;
    const deployed = await Promise.all(
      details.described.items.map(async (e): Promise<Ev<DeployedModel[]>> => {
        if (!e.models.known) return e.models;
        const out = e.models.value.map((m): DeployedModel => {
          const pkg = m.containers.map((c) => c.modelPackageName).find((p): p is string => !!p);
          const foreign = pkg && accountOf(pkg) && accountOf(pkg) !== ctx.accountId ? accountOf(pkg) : undefined;
          return { endpoint: e.name, model: m.name, modelArn: m.arn, modelExists: m.exists, packageName: pkg, foreignAccount: foreign };
        });
        await Promise.all(
          out
            .filter((d) => d.packageName && !d.foreignAccount)
            .map(async (d) => {
              const r = await ctx.readOrAbsent(DescribeModelPackage, { ModelPackageName: d.packageName, IncludedData: 'MetadataOnly' }, { resource: d.packageName });
              if (!r.known) return void (d.unread = r.causes);
              d.packageFound = !isAbsent(r.value);
              if (!isAbsent(r.value)) Object.assign(d, { approval: r.value.ModelApprovalStatus, group: r.value.ModelPackageGroupName });
            }),
        );
        return known(out);
      }),
    );
    return { models: inv.models, groups: { ...groupList, items: groups }, groupsTruncated: sorted.length > GROUP_CAP, deployed: { ...details.described, items: deployed } };
  },
  evaluate(f) {
    const applies = or(nonEmpty(f.models, 'models', 'no models'), nonEmpty(f.groups, 'model package groups', 'no model package groups'));
    if (applies.v === 'F') return notApplicable('no SageMaker models and no model package groups in this region');
    const resources: ResourceResult[] = [];
    const deployedTs: Tri[] = [];
    const unsure: string[] = [];
    let notApproved = false;
    for (const e of f.deployed.items) {
      if (!e.known) {
        deployedTs.push(U(e.causes, 'deployed models'));
        const c = e.causes[0];
        resources.push(resourceOf(c?.resource ?? c?.action ?? 'endpoint', c?.region, U(e.causes), `models of endpoint ${c?.resource?.split('/').pop() ?? ''}`.trim()));
        continue;
      }
      for (const d of e.value) {
        const j = judge(d);
        deployedTs.push(j.t);
        resources.push(j.result);
        if (j.unsure) unsure.push(j.result.reason);
        if (j.t.v === 'F' && d.packageName) notApproved = true;
      }
    }
    for (const u of unreadResources(f.deployed, (id) => `endpoint ${id ?? ''}`.trim())) resources.push(resourceOf(u.id, u.region, U(u.causes), u.label));
    const dep = and(every(f.deployed, () => T([]), 'endpoints not all described'), ...deployedTs);
    const judgedGroups = { ...f.groups, items: f.groups.items.filter((g) => g.approved !== null) };
    // An Approved package deployed from this account's registry proves an Approved version too.
    const deployedApproved = f.deployed.items.flatMap((e) => (e.known ? e.value : [])).filter((d) => !d.foreignAccount && d.packageFound && d.approval === 'Approved');
    const grp = or(
      some(judgedGroups, (g) => (g.approved && !g.approved.known ? U(g.approved.causes, `group ${g.name}`) : g.approved?.known && g.approved.value ? T(g.name) : F(g.name))),
      deployedApproved.length ? T(deployedApproved.map((d) => d.group ?? d.packageName ?? '').join(', ')) : F([]),
    );
    const approvedGroups = f.groups.items.filter((g) => (g.approved?.known && g.approved.value) || deployedApproved.some((d) => d.group === g.name));
    const warnings = f.groupsTruncated ? [`only the ${GROUP_CAP} newest model package groups were checked for an Approved version`] : [];
    const registry = `${f.groups.items.length} model package group(s), ${approvedGroups.length} with an Approved version`;
    const failing = resources.filter((r) => r.status === 'FAIL');
    const n = f.deployed.items.reduce((k, e) => k + (e.known ? e.value.length : 0), 0);
    if (dep.v === 'F') return fail(`${failing.length} of ${n} deployed model(s) not from an Approved package (${registry}): ${someOf(failing.map((r) => r.reason))}`, notApproved ? 'MISCONFIGURED' : 'NOT_IN_USE', { resources, warnings });
    if (grp.v === 'F') {
      if (f.groupsTruncated) return manual(`${registry} among those checked; older groups were not checked`, { code: 'PARTIAL', resources, warnings });
      if (applies.v === 'U') return verdictOf(applies, { pass: () => '', fail: () => '', code: 'NOT_IN_USE', undecided: () => 'no Model Registry group; whether SageMaker models exist is unknown' }, { resources, warnings });
      return fail(f.groups.items.length ? `${registry}: the registry holds no Approved model` : `${f.models.items.length} SageMaker model(s) but no Model Registry groups`, 'NOT_IN_USE', { resources, warnings });
    }
    const all = and(dep, grp);
    if (all.v === 'T' && unsure.length) return manual(`${registry}; ${unsure.length} deployed model(s) could not be traced: ${someOf(unsure)}`, { code: 'PARTIAL', resources, warnings });
    const chain = n ? `; all ${n} deployed model(s) come from Approved packages` : '; no models deployed on in-service endpoints';
    return verdictOf(all, { pass: () => `${registry}${chain}`, fail: () => registry, code: 'MISCONFIGURED', undecided: () => `${registry}; not every deployed model or group could be read` }, { resources, warnings });
  },
});

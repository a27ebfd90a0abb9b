// Amazon CloudWatch Dashboards — 9.1 measurement of AI system performance. probes.md §2.8.
// Dashboards are global: listed once from the home region; the AI footprint is the union of the
// scanned regions. Bodies are read most recently modified first, up to a cap.
import type { GetDashboardInput, GetDashboardOutput, ListDashboardsInput, ListDashboardsOutput } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { defineProbe, error, fail, manual, notApplicable, pass } from '../../src/engine/probe.js';
import { aiFootprint, anyAi, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { aiAlarms, cloudwatchAlarms } from '../facts/cloudwatch-alarms.js';

export const ListDashboards = op<ListDashboardsInput, ListDashboardsOutput>('cloudwatch', 'ListDashboards', { paginate: NEXT_TOKEN, scope: 'global' });
export const GetDashboard = op<GetDashboardInput, GetDashboardOutput>('cloudwatch', 'GetDashboard', { scope: 'global' });

/** Dashboard bodies read per scan (probes.md §2.8). */
export const DASHBOARD_CAP = 200;

export interface DashboardsFacts {
  footprints: AiFootprint[];
  total: number;
  read: { name: string; arn: string; lastModified?: string; namespaces: string[]; aiAlarms: string[] }[];
}

/** Alarm ARNs in alarm widgets: region and name. */
export function alarmRefsIn(body: string | undefined): { region: string; name: string }[] {
  return [...(body ?? '').matchAll(/arn:aws[\w-]*:cloudwatch:([a-z0-9-]+):\d{12}:alarm:([^"\\]+)/g)].map((m) => ({ region: m[1], name: m[2] }));
}

/** AI namespaces anywhere in a body: metrics arrays, SEARCH/SQL expressions, or the raw text. */
export function aiNamespacesIn(body: string | undefined): string[] {
  const found = (body ?? '').match(/AWS\/SageMaker[\w/-]*|\/aws\/sagemaker\/[\w/-]*|AWS\/Bedrock[\w/-]*/gi) ?? [];
  return [...new Set(found)].sort();
}

/** Account footprint: true if any region has AI, null if none has but one is unknown. */
function accountAi(fps: AiFootprint[]): boolean | null {
  const v = fps.map(anyAi);
  if (v.includes(true)) return true;
  return v.includes(null) ? null : false;
}

export default defineProbe<DashboardsFacts>({
  id: 'cloudwatch-dashboards',
  service: 'Amazon CloudWatch Dashboards',
  title: 'A CloudWatch dashboard shows SageMaker or Bedrock metrics',
  severity: 'low',
  remediation:
    'Create a CloudWatch dashboard with the AI KPIs (e.g. AWS/SageMaker Invocations, ModelLatency, Model Monitor violations; AWS/Bedrock InvocationLatency, token counts): console CloudWatch → Dashboards → Create, or `aws cloudwatch put-dashboard --dashboard-name ai-kpis --dashboard-body file://body.json`.',
  serviceClass: 'workload',
  scope: 'global',
  calls: [ListDashboards, GetDashboard],
  uses: [aiFootprint, cloudwatchAlarms],
  async collect(ctx) {
    const footprints = await Promise.all(ctx.regions.map((region) => ctx.use(aiFootprint, { region })));
    if (accountAi(footprints) === false) return { footprints, total: 0, read: [] };
    const entries = await ctx.all(ListDashboards, {}, 'DashboardEntries');
    const newestFirst = [...entries].sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0) || (a.DashboardName ?? '').localeCompare(b.DashboardName ?? ''));
    const bodies = await Promise.all(newestFirst.slice(0, DASHBOARD_CAP).map(async (e) => ({ e, d: await ctx.call(GetDashboard, { DashboardName: e.DashboardName }) })));
    const read = bodies.map(({ e, d }) => ({
      name: e.DashboardName ?? '',
      arn: e.DashboardArn ?? d.DashboardArn ?? e.DashboardName ?? '',
      lastModified: e.LastModified?.toISOString(),
      namespaces: aiNamespacesIn(d.DashboardBody),
      aiAlarms: [] as string[],
    }));
    // Only when no body names an AI namespace: an alarm widget for an AI alarm also counts.
    if (!read.some((r) => r.namespaces.length)) {
      const refs = bodies.map(({ d }) => alarmRefsIn(d.DashboardBody));
      const regions = [...new Set(refs.flat().map((r) => r.region))].filter((r) => ctx.regions.includes(r));
      const aiByRegion = new Map(await Promise.all(regions.map(async (r) => [r, new Set(aiAlarms(await ctx.use(cloudwatchAlarms, { region: r })).map((a) => a.name))] as const)));
      refs.forEach((list, i) => {
        read[i].aiAlarms = [...new Set(list.filter((x) => aiByRegion.get(x.region)?.has(x.name)).map((x) => x.name))];
      });
    }
    return { footprints, total: entries.length, read };
  },
  evaluate(f) {
    const ai = accountAi(f.footprints);
    if (ai === false) return notApplicable('no SageMaker or Bedrock footprint in any scanned region');
    const matched = f.read.filter((d) => d.namespaces.length || d.aiAlarms.length);
    const resources = matched.map((d) => ({ id: d.arn, status: 'PASS' as const, reason: `dashboard ${d.name}: ${d.namespaces.length ? d.namespaces.join(', ') : `AI alarm(s) ${d.aiAlarms.join(', ')}`}` }));
    const truncated = f.total > f.read.length;
    const warnings = truncated ? [`${f.total} dashboards; only the ${f.read.length} most recently modified were read`] : [];
    if (matched.length) {
      warnings.push('whether these dashboards show the organisation\'s AI KPIs needs a person to confirm');
      return pass(`${matched.length} dashboard(s) show AI metrics: ${matched.map((d) => d.name).join(', ')}`, { resources, warnings });
    }
    if (truncated) return manual(`none of the ${f.read.length} most recent of ${f.total} dashboards shows AI metrics; the rest were not read: check them`, { code: 'PARTIAL', warnings });
    if (ai === null) return error(`cannot tell whether AI dashboards are needed: the AI footprint could not be read (${f.footprints.flatMap((x) => x.unknown).join('; ')})`);
    const where = f.footprints.filter((x) => anyAi(x)).map((x) => `${x.region}: ${footprintSummary(x)}`).join('; ');
    return fail(`AI footprint (${where}) but none of ${f.total} dashboard(s) shows SageMaker or Bedrock metrics`, 'NOT_IN_USE', { warnings });
  },
});

// Amazon CloudWatch Dashboards — 9.1 measurement of AI system performance. probes.md §2.8.
// Dashboards are global: listed once from the home region; the AI footprint is the union of the
// scanned regions. Bodies are read most recently modified first, up to a cap.
import type { GetDashboardInput, GetDashboardOutput, ListDashboardsInput, ListDashboardsOutput } from '@aws-sdk/client-cloudwatch';
import { NEXT_TOKEN, op } from '../../src/aws/ops.js';
import { F, fanOut, mapEv, mapList, or, some, sortCauses, T, U, type Ev, type ListEv, type Tri } from '../../src/engine/evidence.js';
import type { ResourceResult } from '../../src/model.js';
import { defineProbe, fail, manual, notApplicable, pass, undecided } from '../../src/engine/probe.js';
import { aiFootprint, aiInUse, type AiFootprint } from '../facts/ai-footprint.js';
import { footprintSummary } from '../facts/ai-workload.js';
import { aiAlarmList, cloudwatchAlarms } from '../facts/cloudwatch-alarms.js';

export const ListDashboards = op<ListDashboardsInput, ListDashboardsOutput>('cloudwatch', 'ListDashboards', { paginate: NEXT_TOKEN, scope: 'global' });
export const GetDashboard = op<GetDashboardInput, GetDashboardOutput>('cloudwatch', 'GetDashboard', { scope: 'global' });

/** Dashboard bodies read per scan (probes.md §2.8). */
export const DASHBOARD_CAP = 200;

export interface DashboardRead {
  name: string;
  arn: string;
  lastModified?: string;
  namespaces: string[];
  /** Alarm widgets: region and alarm name. */
  alarmRefs: { region: string; name: string }[];
}

export interface DashboardsFacts {
  footprints: AiFootprint[];
  /** Every dashboard listed (names), for the count and the cap. */
  listed: ListEv<string>;
  /** Bodies read, newest first, up to the cap; one whose body failed is named in the causes. */
  read: ListEv<DashboardRead>;
  /** AI alarm names per region, read only for regions named in alarm widgets. */
  aiAlarmsByRegion: Record<string, ListEv<string>>;
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

/** Account footprint: T if any region has AI, F when every region is known to have none. */
function accountAi(fps: AiFootprint[]): Tri {
  return or(...fps.map(aiInUse));
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
    // Listed whatever the footprint says (one call per scan); bodies up to the cap, newest first.
    const [footprints, entries] = await Promise.all([Promise.all(ctx.regions.map((region) => ctx.use(aiFootprint, { region }))), ctx.list(ListDashboards, {}, 'DashboardEntries')]);
    const newestFirst = [...entries.items].sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0) || (a.DashboardName ?? '').localeCompare(b.DashboardName ?? ''));
    const read = await fanOut(newestFirst.slice(0, DASHBOARD_CAP), async (e): Promise<Ev<DashboardRead>> =>
      mapEv(await ctx.read(GetDashboard, { DashboardName: e.DashboardName }, { resource: e.DashboardArn ?? e.DashboardName }), (d) => ({
        name: e.DashboardName ?? '',
        arn: e.DashboardArn ?? d.DashboardArn ?? e.DashboardName ?? '',
        lastModified: e.LastModified?.toISOString(),
        namespaces: aiNamespacesIn(d.DashboardBody),
        alarmRefs: alarmRefsIn(d.DashboardBody),
      })),
    );
    // Only when no body names an AI namespace: an alarm widget for an AI alarm also counts.
    const aiAlarmsByRegion: Record<string, ListEv<string>> = {};
    if (!read.items.some((r) => r.namespaces.length)) {
      const regions = [...new Set(read.items.flatMap((r) => r.alarmRefs.map((x) => x.region)))].filter((r) => ctx.regions.includes(r)).sort();
      for (const [r, inv] of await Promise.all(regions.map(async (r) => [r, await ctx.use(cloudwatchAlarms, { region: r })] as const))) {
        const list = aiAlarmList(inv);
        aiAlarmsByRegion[r] = mapList(list, (a) => a.name);
      }
    }
    return { footprints, listed: mapList(entries, (e) => e.DashboardName ?? ''), read: { ...read, complete: read.complete && entries.complete, causes: sortCauses([...read.causes, ...entries.causes]) }, aiAlarmsByRegion };
  },
  evaluate(f) {
    const applies = accountAi(f.footprints);
    if (applies.v === 'F') return notApplicable('no SageMaker or Bedrock footprint in any scanned region');
    const aiAlarmsOf = (d: DashboardRead): Tri => {
      const hits = d.alarmRefs.filter((x) => f.aiAlarmsByRegion[x.region]?.items.includes(x.name)).map((x) => x.name);
      if (hits.length) return T(`AI alarm(s) ${[...new Set(hits)].join(', ')}`);
      const open = d.alarmRefs.map((x) => f.aiAlarmsByRegion[x.region]).filter((l) => l && !l.complete);
      return open.length ? U(open.flatMap((l) => l.causes), `alarm widgets of dashboard ${d.name}`) : F();
    };
    const showsAi = (d: DashboardRead): Tri => (d.namespaces.length ? T(d.namespaces.join(', ')) : aiAlarmsOf(d));
    const matched = f.read.items.map((d) => ({ d, t: showsAi(d) })).filter(({ t }) => t.v === 'T');
    const resources: ResourceResult[] = matched.map(({ d, t }) => ({ id: d.arn, status: 'PASS', reason: `dashboard ${d.name}: ${t.why.join(', ')}` }));
    const truncated = f.listed.items.length > DASHBOARD_CAP;
    const warnings = truncated ? [`${f.listed.items.length} dashboards; only the ${DASHBOARD_CAP} most recently modified were read`] : [];
    if (matched.length) {
      warnings.push("whether these dashboards show the organisation's AI KPIs needs a person to confirm");
      return pass(`${matched.length} dashboard(s) show AI metrics: ${matched.map(({ d }) => d.name).join(', ')}`, { resources, warnings });
    }
    const seen = some(f.read, showsAi, 'dashboards not all read');
    if (seen.v === 'U') return undecided(seen.causes, 'no dashboard read shows AI metrics, but not every dashboard could be read', { warnings });
    if (truncated) return manual(`none of the ${DASHBOARD_CAP} most recent of ${f.listed.items.length} dashboards shows AI metrics; the rest were not read: check them`, { code: 'PARTIAL', warnings });
    if (applies.v === 'U') return undecided(applies.causes, 'cannot tell whether AI dashboards are needed: the AI footprint could not be read (nothing that was read shows AI use)', { warnings });
    const where = f.footprints.filter((x) => aiInUse(x).v === 'T').map((x) => `${x.region}: ${footprintSummary(x)}`).join('; ');
    return fail(`AI footprint (${where}) but none of ${f.listed.items.length} dashboard(s) shows SageMaker or Bedrock metrics`, 'NOT_IN_USE', { warnings });
  },
});

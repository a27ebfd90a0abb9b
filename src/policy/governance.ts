// Waivers and attestations: human decisions applied on top of the evidence. A waiver accepts a
// FAIL (→ WAIVED) until it expires; an attestation answers a MANUAL (→ ATTESTED). Neither ever
// turns into PASS, an expired one is ignored and listed, and one that matches nothing is stale.
import type { AttestationRule, WaiverRule } from '../config/load.js';
import { aggregateStatus, countStatuses, type ResourceResult } from '../model.js';
import { controlVerdict } from '../engine/runner.js';
import type { Report, ReportCheck, ReportControl } from '../engine/report.js';

export interface Governance {
  waivers?: WaiverRule[];
  attestations?: AttestationRule[];
}

const label = (r: { id?: string; control?: string; service?: string; region?: string; resource?: string }) =>
  r.id ?? [r.control && `control ${r.control}`, r.service && `service ${r.service}`, r.region && `region ${r.region}`, r.resource && `resource ${r.resource}`].filter(Boolean).join(', ');

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

function expired(expires: string, today: string): boolean {
  return expires < today;
}

const matchesCheck = (w: { control?: string; service?: string }, c: ReportControl, k: ReportCheck) =>
  (!w.control || w.control === c.id) && (!w.service || w.service === k.service || w.service === k.probe);

export function applyGovernance(report: Report, g: Governance, now: Date): Report {
  const today = now.toISOString().slice(0, 10);
  const out: Report = structuredClone(report);
  const waivers = { applied: 0, expired: [] as string[], stale: [] as string[] };
  const attestations = { applied: 0, expired: [] as string[], stale: [] as string[] };

  for (const w of g.waivers ?? []) {
    if (expired(w.expires, today)) {
      waivers.expired.push(`${label(w)} (expired ${w.expires}, owner ${w.owner})`);
      continue;
    }
    const decision = { ...(w.id ? { id: w.id } : {}), owner: w.owner, reason: w.reason, expires: w.expires };
    let used = false;
    for (const c of out.controls) {
      for (const k of c.checks) {
        if (!matchesCheck(w, c, k) || (k.status !== 'FAIL' && k.originalStatus !== 'FAIL')) continue;
        if (w.resource) {
          const hit = (r: ResourceResult) => r.status === 'FAIL' && glob(w.resource!, r.id) && (!w.region || r.region === w.region);
          for (const r of k.resources.filter(hit)) {
            r.originalStatus = r.status;
            r.status = 'WAIVED';
            r.waiver = decision;
            used = true;
          }
          // The check is waived only when nothing failing is left: no FAIL resource and no
          // failing region without resources of its own.
          const failingLeft = k.resources.some((r) => r.status === 'FAIL');
          const regionsWithoutResources = k.regions.filter((rg) => rg.status === 'FAIL' && rg.region !== 'global' && !k.resources.some((r) => r.region === rg.region && r.status === 'WAIVED'));
          if (k.status === 'FAIL' && !failingLeft && regionsWithoutResources.length === 0 && k.resources.some((r) => r.status === 'WAIVED')) waive(k, decision);
        } else if (k.status === 'FAIL') {
          const failRegions = k.regions.filter((r) => r.status === 'FAIL').map((r) => r.region);
          if (w.region && failRegions.some((r) => r !== w.region)) continue;
          waive(k, decision);
          used = true;
        }
      }
    }
    if (used) waivers.applied += 1;
    else waivers.stale.push(label(w));
  }

  for (const a of g.attestations ?? []) {
    if (expired(a.expires, today)) {
      attestations.expired.push(`${label(a)} (expired ${a.expires}, owner ${a.owner})`);
      continue;
    }
    let used = false;
    for (const c of out.controls) {
      for (const k of c.checks) {
        if (!matchesCheck(a, c, k) || k.status !== 'MANUAL') continue;
        k.originalStatus = 'MANUAL';
        k.status = 'ATTESTED';
        k.attestation = { ...(a.id ? { id: a.id } : {}), owner: a.owner, evidence: a.evidence, date: a.date, expires: a.expires };
        k.reason = `attested by ${a.owner} on ${a.date}: ${a.evidence} (automated finding: ${k.reason})`;
        used = true;
      }
    }
    if (used) attestations.applied += 1;
    else attestations.stale.push(label(a));
  }

  for (const c of out.controls) Object.assign(c, controlVerdict(c.checks));
  const all = out.controls.flatMap((c) => c.checks);
  out.summary.controls = countStatuses(out.controls.map((c) => c.status));
  out.summary.checks = countStatuses(all.map((k) => k.status));
  out.summary.overall = out.scan.complete ? aggregateStatus(out.controls.map((c) => c.status)) : out.summary.overall;
  out.scan.governance = { waivers, attestations };
  return out;
}

function waive(k: ReportCheck, decision: NonNullable<ReportCheck['waiver']>): void {
  k.originalStatus = 'FAIL';
  k.status = 'WAIVED';
  k.waiver = decision;
  k.reason = `waived by ${decision.owner} until ${decision.expires}: ${decision.reason} (finding: ${k.reason})`;
}

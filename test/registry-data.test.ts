// Every document mapping for the data, delivery, continuity and third-party services resolves to
// its probe, and — with the sibling groups in — every one of the document's 68 mappings does.
import { describe, expect, it } from 'vitest';
import { CONTROLS } from '../checks/catalog.js';
import { DATA_PROBES } from '../checks/groups/data.js';
import { defaultRegistry } from '../checks/registry.js';

/** The table: document service name → probe id and the controls the document maps it to. */
const TABLE: Record<string, { probe: string; controls: string[] }> = {
  'Amazon S3': { probe: 's3', controls: ['7.5'] },
  'Amazon S3 with Object Lock': { probe: 's3-object-lock', controls: ['A.12'] },
  'Amazon S3 Cross-Region Replication': { probe: 's3-cross-region-replication', controls: ['A.15'] },
  'AWS Lake Formation': { probe: 'lake-formation', controls: ['7.5', 'A.10'] },
  'AWS Glue Data Catalog': { probe: 'glue-data-catalog', controls: ['7.5'] },
  'AWS Glue Data Quality': { probe: 'glue-data-quality', controls: ['A.3'] },
  'AWS Glue DataBrew': { probe: 'glue-databrew', controls: ['A.3', 'A.10'] },
  'AWS Clean Rooms': { probe: 'clean-rooms', controls: ['A.10'] },
  'Amazon QuickSight': { probe: 'quicksight', controls: ['9.1'] },
  'AWS Cost Explorer': { probe: 'cost-explorer', controls: ['9.1'] },
  'AWS CodePipeline': { probe: 'codepipeline', controls: ['A.4'] },
  'AWS CodeCommit': { probe: 'codecommit', controls: ['A.4'] },
  'AWS Step Functions': { probe: 'step-functions', controls: ['A.5', 'A.7'] },
  'AWS Service Catalog': { probe: 'service-catalog', controls: ['A.13'] },
  'AWS Backup': { probe: 'backup', controls: ['A.15'] },
  'AWS Elastic Disaster Recovery': { probe: 'elastic-disaster-recovery', controls: ['A.15'] },
  'AWS Marketplace': { probe: 'marketplace', controls: ['A.14'] },
};

describe('data-group registry', () => {
  const registry = defaultRegistry();
  const mappings = CONTROLS.flatMap((c) => c.mappings.map((m) => ({ control: c.id, service: m.service })));

  it('the table names the document\'s services and controls exactly', () => {
    for (const [service, row] of Object.entries(TABLE)) {
      expect(mappings.filter((m) => m.service === service).map((m) => m.control), service).toEqual(row.controls);
    }
  });

  it('every mapping of these services resolves to its probe', () => {
    const mine = mappings.filter((m) => m.service in TABLE);
    expect(mine.length).toBe(20);
    for (const m of mine) expect(registry.probeFor(m.service)?.id, `${m.control} ${m.service}`).toBe(TABLE[m.service].probe);
  });

  it('DATA_PROBES holds exactly these probes', () => {
    expect(DATA_PROBES.map((p) => p.service).sort()).toEqual(Object.keys(TABLE).sort());
    for (const p of DATA_PROBES) expect(p.id).toBe(TABLE[p.service].probe);
  });

  it('all 68 document mappings resolve to a probe: nothing is left "no automated probe yet"', () => {
    expect(mappings.length).toBe(68);
    const unresolved = mappings.filter((m) => !registry.probeFor(m.service)).map((m) => `${m.control} ${m.service}`);
    expect(unresolved).toEqual([]);
  });
});

// `aims-scan diff` on AI assets (issue 19): what appeared and what went between two inventories,
// in every diff output; not a regression; account text escaped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiffJson, renderDiffMarkdown, renderDiffTable } from '../../reports/diff.js';
import { diffReports, parseReport } from '../../src/diff/diff.js';
import type { Report } from '../../src/engine/report.js';
import type { AiAsset } from '../../src/inventory/build.js';
import { demoScan } from '../reports/demo-scan.js';

const out = mkdtempSync(join(tmpdir(), 'aims-asset-diff-'));
let before: Report;
afterAll(() => rmSync(out, { recursive: true, force: true }));
beforeAll(async () => {
  before = (await demoScan(out)).report;
});

const hostile: AiAsset = { id: 'arn:aws:bedrock:us-east-1:111122223333:agent/EVIL', kind: 'bedrock:agent', name: '| [x](https://evil.example) \u001b[31m', region: 'us-east-1', attributes: {}, notes: [], checks: [] };

describe('diff of AI assets', () => {
  it('lists assets added and removed by ID, and is not a regression by itself', () => {
    const after = structuredClone(before);
    const gone = after.aiInventory!.assets.find((a) => a.kind === 'bedrock:prompt')!;
    after.aiInventory!.assets = [...after.aiInventory!.assets.filter((a) => a.id !== gone.id), hostile];
    const d = diffReports(before, after);
    expect(d.assets).toEqual({ added: [{ id: hostile.id, kind: 'bedrock:agent', name: hostile.name, region: 'us-east-1' }], removed: [{ id: gone.id, kind: gone.kind, name: gone.name, region: gone.region }] });
    expect(d.regressed).toBe(false);
    expect(JSON.parse(renderDiffJson(d)).assets.added).toHaveLength(1);
    const table = renderDiffTable(d);
    expect(table).toContain('AI assets: 1 added, 1 removed');
    expect(table).toContain(`- bedrock:prompt ${gone.name} (us-east-1)`);
    expect(table).not.toContain('\u001b[31m');
    const md = renderDiffMarkdown(d);
    expect(md).toContain('### AI assets (1 added, 1 removed)');
    expect(md).not.toMatch(/[^\\]\]\(/);
    expect(md).not.toContain('https://');
  });

  it('says nothing for the same inventory, and warns when only one report has one', () => {
    expect(diffReports(before, before).assets).toEqual({ added: [], removed: [] });
    expect(renderDiffTable(diffReports(before, before))).not.toContain('AI assets');
    const older = structuredClone(before);
    delete older.aiInventory;
    const d = diffReports(older, before);
    expect(d.assets).toBeUndefined();
    expect(d.warnings).toContain('only the newer report has an AI inventory: AI assets are not compared');
  });

  it('refuses a report whose inventory is malformed, naming where', () => {
    const bad = structuredClone(before) as unknown as { aiInventory: { assets: unknown[] } };
    bad.aiInventory.assets = [{ id: 1 }];
    expect(() => parseReport(JSON.stringify(bad), 'r.json')).toThrow(/\/aiInventory\/assets\/0: needs id, kind and name/);
  });
});

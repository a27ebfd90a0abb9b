// report.html in a real browser (Debian's chromium via playwright-core): a report of a hostile
// account runs no script from the data, opens no dialog and sends no request; its own script and
// style are admitted by the CSP; the status, service and search filters show the right rows; the
// table of contents' anchors land on their sections; an interrupted, replayed scan shows its
// banners, and the governance section lists expired and stale waivers.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS, OFFICIAL_CLAUSES } from '../../checks/crosswalk.js';
import { collectCallPreviews, renderHtml } from '../../reports/html.js';
import type { Report } from '../../src/engine/report.js';
import { applyGovernance } from '../../src/policy/governance.js';
import { hostileScan, HOSTILE_CALLER, poison, XSS_IMG, XSS_SCRIPT, XSS_URL } from './hostile.js';

const CHROMIUM = '/usr/bin/chromium';
type Playwright = typeof import('playwright-core');
let pw: Playwright | undefined;
try {
  pw = await import('playwright-core');
} catch {
  pw = undefined;
}
const skip = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing (apt-get install chromium)` : !pw ? 'playwright-core is not installed' : '';
if (skip) console.warn(`browser test skipped: ${skip}`);

const OUTPUT = join(__dirname, '..', '..', 'test-output');
const root = mkdtempSync(join(tmpdir(), 'aims-browser-'));
let report: Report;
let file: string;
let governed: Report;
let incompleteFile: string;
const EXPIRED_OWNER = 'ciso-expired@example.com';

beforeAll(async () => {
  if (skip) return;
  const scanned = await hostileScan(join(root, 'scan'));
  report = poison(scanned.report);
  // Issue 19: an AI asset named with attacks, related to the (hostile) endpoint the scan saw.
  const inv = report.aiInventory!;
  const endpoint = inv.assets.find((a) => a.kind === 'sagemaker:endpoint')!;
  const agent = `arn:aws:bedrock:us-east-1:123456789012:agent/${XSS_URL}${XSS_IMG}`;
  inv.assets.push({ id: agent, kind: 'bedrock:agent', name: XSS_IMG, region: 'us-east-1', attributes: { note: XSS_SCRIPT }, notes: [XSS_SCRIPT], checks: [] });
  inv.relations.push({ from: agent, to: endpoint.id, type: 'invokes' });
  file = join(root, 'report.html');
  writeFileSync(file, renderHtml(report, { calls: await collectCallPreviews(scanned.files.calls, report) }));
  // An interrupted replay with governance: one waiver applied, one expired, one stale.
  const failing = scanned.report.controls.flatMap((c) => c.checks.map((k) => ({ c, k }))).find(({ k }) => k.status === 'FAIL')!;
  governed = applyGovernance(
    scanned.report,
    {
      waivers: [
        { control: failing.c.id, service: failing.k.service, reason: 'accepted until migration SEC-77', owner: 'ciso@example.com', expires: '2099-01-01' },
        { control: 'A.12', service: 'AWS CloudTrail', reason: 'old exception', owner: EXPIRED_OWNER, expires: '2020-01-01' },
        { control: 'A.12', service: 'No Such Service', reason: 'typo', owner: 'grc@example.com', expires: '2099-01-01' },
      ],
    },
    new Date('2026-11-01T00:00:00Z'),
  );
  governed.scan.complete = false;
  governed.scan.mode = 'replay';
  incompleteFile = join(root, 'incomplete.html');
  writeFileSync(incompleteFile, renderHtml(governed));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!!skip)('report.html in chromium', () => {
  it('runs no script from the data, sends no request, and its filters and search work', async () => {
    const browser = await pw!.chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const dialogs: string[] = [];
      const requests: string[] = [];
      const cspViolations: string[] = [];
      const pageErrors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
      });
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const url = pathToFileURL(file).href;
      await page.goto(url, { waitUntil: 'load' });
      // Let any deferred attack (an <img onerror>, a timer) have its chance.
      await page.waitForTimeout(300);

      // The attacks are on the page as text, and none of them ran.
      const bodyText = await page.evaluate(() => document.body.innerText);
      expect(bodyText).toContain(XSS_SCRIPT);
      expect(bodyText).toContain(XSS_IMG);
      expect(bodyText).toContain(HOSTILE_CALLER);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed').length)).toBe(0);
      // The only links are anchors on this page, each with its target.
      const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href') ?? ''));
      expect(links.length).toBeGreaterThan(50);
      for (const h of links) expect(h).toMatch(/^#[A-Za-z0-9._-]+$/);
      expect(await page.evaluate((hs) => hs.filter((h) => !document.getElementById(h.slice(1))), links)).toEqual([]);
      // The AI asset inventory: a row per asset, and a relation link lands on the asset it names.
      expect(await page.locator('tr.asset-row').count()).toBe(report.aiInventory!.assets.length);
      const relation = page.locator('tr.asset-row[data-kind="bedrock:agent"] .rel a').first();
      const target = (await relation.getAttribute('href'))!;
      await relation.click();
      expect(await page.evaluate(() => location.hash)).toBe(target);
      expect(await page.evaluate((h) => document.getElementById(h.slice(1))?.getAttribute('data-kind'), target)).toBe('sagemaker:endpoint');
      expect(await page.evaluate(() => document.querySelector('tr.asset-row[data-kind="bedrock:agent"]')?.textContent ?? '')).toContain(XSS_SCRIPT);
      // A complete live scan shows no banner.
      expect(await page.locator('.banner').count()).toBe(0);
      expect(await page.evaluate(() => document.scripts.length)).toBe(1);
      expect(requests).toEqual([url]);
      expect(pageErrors).toEqual([]);
      // The CSP admitted the page's own script (it filled the counter) and style (badges are coloured).
      expect(cspViolations).toEqual([]);
      const total = report.controls.reduce((n, c) => n + c.checks.length, 0);
      await expect.poll(() => page.textContent('#shown')).toBe(`${total} of ${total} checks shown`);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.badge.st-FAIL')!).backgroundColor)).toBe('rgb(207, 34, 46)');

      const visible = () =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll<HTMLElement>('.check-row'))
            .filter((r) => r.checkVisibility())
            .map((r) => ({ status: r.dataset.status, service: r.dataset.service, text: r.textContent ?? '' })),
        );
      expect(await visible()).toHaveLength(total);

      // Status filter: only FAIL rows stay, exactly as many as the report has.
      const fails = report.controls.flatMap((c) => c.checks).filter((c) => c.status === 'FAIL');
      expect(fails.length).toBeGreaterThan(0);
      await page.click('button[data-filter-status="FAIL"]');
      let rows = await visible();
      expect(rows).toHaveLength(fails.length);
      expect(rows.every((r) => r.status === 'FAIL')).toBe(true);
      expect(await page.getAttribute('button[data-filter-status="FAIL"]', 'aria-pressed')).toBe('true');
      // Controls without a failing check are hidden as a whole.
      const failingControls = report.controls.filter((c) => c.checks.some((k) => k.status === 'FAIL')).length;
      expect(await page.evaluate(() => Array.from(document.querySelectorAll('section.control')).filter((s) => (s as HTMLElement).checkVisibility()).length)).toBe(failingControls);

      // Service filter on top: FAIL rows of one service.
      const service = fails[0].service;
      await page.selectOption('#service-filter', service);
      rows = await visible();
      expect(rows.length).toBe(fails.filter((f) => f.service === service).length);
      expect(rows.every((r) => r.service === service && r.status === 'FAIL')).toBe(true);

      // Back to everything, then search: a hostile name is found as plain text.
      await page.selectOption('#service-filter', '');
      await page.click('button[data-filter-status="ALL"]');
      expect(await visible()).toHaveLength(total);
      await page.fill('#search', 'onerror="window.__pwned=2');
      rows = await visible();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThan(total);
      // A row shows when it, or its control's heading, contains the text.
      const rowHits = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.check-row')).filter((r) => r.checkVisibility() && !(r.closest('section')?.querySelector('.control-head')?.textContent ?? '').includes('onerror="window.__pwned=2')).every((r) => (r.textContent ?? '').includes('onerror="window.__pwned=2')),
      );
      expect(rowHits).toBe(true);
      await page.fill('#search', 'no such text anywhere 0xdeadbeef');
      expect(await visible()).toHaveLength(0);
      await page.fill('#search', '');
      expect(await visible()).toHaveLength(total);

      // Expanding a check shows its recorded calls, still as text.
      await page.click('.check-row[data-status="FAIL"] details.check-detail > summary');
      await page.click('.check-row[data-status="FAIL"] details.evidence > summary');
      expect(await page.isVisible('.check-row[data-status="FAIL"] details.evidence ul.calls')).toBe(true);

      // The official view and the SoA are there for the auditor.
      expect(await page.locator('tr.official-row').count()).toBe(OFFICIAL_CLAUSES.length + ANNEX_A_CONTROLS.length);
      expect(await page.locator('table.soa tbody tr').count()).toBe(38);

      // The table of contents: each anchor scrolls its section into view (the page is long).
      const inView = (id: string) =>
        page.evaluate((x) => {
          const r = document.getElementById(x)!.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight;
        }, id);
      for (const id of ['control-A.12', 'official-annex-a', 'official-A.6.2.8', 'governance', 'soa', 'inventory']) {
        await page.click(`nav.toc a[href="#${id}"]`);
        await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#${id}`);
        expect(await inView(id), id).toBe(true);
        await page.click('a.top >> nth=0').catch(() => undefined);
      }
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(5000);
      await page.evaluate(() => window.scrollTo(0, 0));
      expect(requests).toEqual([url]);

      // The print stylesheet drops the controls; a PDF renders from the page.
      await page.emulateMedia({ media: 'print' });
      expect(await page.isVisible('.filters')).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      mkdirSync(OUTPUT, { recursive: true });
      const pdf = await page.pdf({ path: join(OUTPUT, 'report.pdf'), format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUTPUT, 'report.png') });
      expect(existsSync(join(OUTPUT, 'report.png'))).toBe(true);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('an interrupted, replayed scan shows its banners; governance lists applied, expired and stale waivers', async () => {
    const browser = await pw!.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(m.text());
      });
      await page.goto(pathToFileURL(incompleteFile).href, { waitUntil: 'load' });
      // The banners are at the top of the page, visible without scrolling.
      for (const id of ['#banner-incomplete', '#banner-replay']) {
        expect(await page.isVisible(id), id).toBe(true);
        const box = (await page.locator(id).boundingBox())!;
        expect(box.y + box.height, id).toBeLessThan(1000);
      }
      expect(await page.textContent('#banner-incomplete')).toMatch(/Incomplete scan\..*interrupted/);
      expect(await page.textContent('#banner-replay')).toMatch(/Replay\..*recording/);
      expect(await page.getAttribute('#banner-incomplete', 'role')).toBe('alert');
      // The banner is painted as a warning (the CSP admitted the style).
      expect(await page.evaluate(() => getComputedStyle(document.getElementById('banner-incomplete')!).backgroundColor)).toBe('rgb(255, 235, 233)');
      expect(await page.title()).toMatch(/INCOMPLETE/);

      // Governance: counts, the expired and the stale waiver, and the applied one in the table.
      await page.click('nav.toc a[href="#governance"]');
      const g = governed.scan.governance!;
      expect(g.waivers).toMatchObject({ applied: 1 });
      expect(g.waivers.expired).toHaveLength(1);
      expect(g.waivers.stale).toHaveLength(1);
      expect(await page.isVisible('[data-governance="waivers-expired"]')).toBe(true);
      const expired = await page.textContent('[data-governance="waivers-expired"]');
      expect(expired).toContain(g.waivers.expired[0]);
      expect(expired).toContain(EXPIRED_OWNER);
      expect(expired).toContain('2020-01-01');
      expect(await page.textContent('[data-governance="waivers-stale"]')).toContain('No Such Service');
      expect(await page.textContent('table.governance')).toContain('accepted until migration SEC-77');
      expect(await page.textContent('#governance + p + .counts')).toContain('Waivers: 1 applied, 1 expired, 1 stale');
      mkdirSync(OUTPUT, { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(OUTPUT, 'report-incomplete.png') });
      await page.click('nav.toc a[href="#governance"]');
      await page.screenshot({ path: join(OUTPUT, 'report-governance.png') });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

// report.html in a real browser (Debian's chromium via playwright-core): a report of a hostile
// account runs no script from the data, opens no dialog and sends no request; its own script and
// style are admitted by the CSP; the status, service and search filters show the right rows.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNEX_A_CONTROLS, OFFICIAL_CLAUSES } from '../../checks/crosswalk.js';
import { collectCallPreviews, renderHtml } from '../../reports/html.js';
import type { Report } from '../../src/engine/report.js';
import { hostileScan, HOSTILE_CALLER, poison, XSS_IMG, XSS_SCRIPT } from './hostile.js';

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

beforeAll(async () => {
  if (skip) return;
  const scanned = await hostileScan(join(root, 'scan'));
  report = poison(scanned.report);
  file = join(root, 'report.html');
  writeFileSync(file, renderHtml(report, { calls: await collectCallPreviews(scanned.files.calls, report) }));
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
      expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, a[href]').length)).toBe(0);
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
});

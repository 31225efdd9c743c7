import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from '../../src/contest/export/html.js';
import { buildScoreboard, type ScoreboardSubmission } from '../../src/contest/scoreboard.js';
import type { Verdict } from '../../src/verdict/verdict.js';
import { ARTIFACTS, ensureChromium, LAUNCH_ARGS } from '../helpers/chromium.js';

const TEAMS = [
  { id: 'ams', name: 'Amsterdam Algorithms', affiliation: 'Vrije Universiteit' },
  { id: 'xss', name: '<img src=x onerror=alert(1)> & Friends', affiliation: null },
  { id: 'brn', name: 'Bern Bytes', affiliation: 'Universität Bern' },
  { id: 'idle', name: 'Zero Submissions', affiliation: null },
  { id: 'cph', name: 'Copenhagen Coders', affiliation: 'DIKU' },
];
const PROBLEMS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L'].map((label) => ({ label, name: `Problem ${label}` }));

function submissions(): ScoreboardSubmission[] {
  const lines: Array<[string, string, number, Verdict | null]> = [
    ['brn', 'A', 9.5, 'AC'], // first to solve A
    ['ams', 'A', 11, 'AC'],
    ['ams', 'B', 30, 'WA'],
    ['ams', 'B', 45, 'AC'], // first to solve B
    ['ams', 'C', 80, 'AC'],
    ['xss', 'A', 20, 'AC'],
    ['xss', 'C', 70, 'AC'], // first to solve C
    ['cph', 'B', 100, 'TLE'],
    ['cph', 'D', 250, 'AC'], // after the freeze: pending
    ['brn', 'B', 130, 'CE'],
  ];
  return lines.map(([teamId, problemLabel, minutes, verdict], i) => ({ id: i + 1, teamId, problemLabel, minutes, verdict, score: null, maxScore: null }));
}

describe('scoreboard page in a real browser', () => {
  let browser: Browser;
  const board = buildScoreboard(
    {
      id: 'euro',
      name: 'Euro Regional <Final>',
      start: new Date('2026-11-21T10:00:00Z'),
      durationMinutes: 300,
      freezeMinutes: 240,
      scoring: 'icpc',
      penaltyMinutes: 20,
      problems: PROBLEMS,
      teams: TEAMS,
    },
    submissions(),
  );
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'zuko-judge-html-')), 'scoreboard.html');
  const url = pathToFileURL(file).href;

  beforeAll(async () => {
    writeFileSync(file, toHtml(board));
    browser = await chromium.launch({ executablePath: ensureChromium(), args: LAUNCH_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the teams in rank order, marks first solves, and fetches nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });

    expect(await page.title()).toBe('Euro Regional <Final>');
    const rows = page.locator('table#scoreboard tr.team');
    expect(await rows.count()).toBe(TEAMS.length);
    const names = await rows.locator('.team-name').allTextContents();
    // ams: 3 solved, 11 + 65 + 80 = 156; xss: 2 solved, 90; brn: 1, 9; cph and idle: none (cph's AC is frozen).
    expect(names).toEqual(['Amsterdam Algorithms', '<img src=x onerror=alert(1)> & Friends', 'Bern Bytes', 'Copenhagen Coders', 'Zero Submissions']);
    expect(await rows.locator('td.rank').allTextContents()).toEqual(['1', '2', '3', '4', '4']);

    const firsts = await page
      .locator('tr.team td.cell.first')
      .evaluateAll((cells) => cells.map((c) => `${c.closest('tr')!.getAttribute('data-team-id')}:${c.getAttribute('data-problem')}`));
    expect(firsts.sort()).toEqual(['ams:B', 'brn:A', 'xss:C']);
    const ams = rows.nth(0);
    expect(await ams.locator('td[data-problem="B"]').innerText()).toMatch(/^45\s+2 tries$/);
    expect(await rows.nth(3).locator('td[data-problem="D"]').getAttribute('class')).toContain('pending');

    // The escaped name is text, not an element; nothing ran.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);

    // Solved, failed and pending cells are told apart by colour, and first solves stand out.
    const colour = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    const solved = await colour('td.cell.solved:not(.first)');
    const colours = [solved, await colour('td.cell.first'), await colour('td.cell.failed'), await colour('td.cell.pending')];
    expect(new Set(colours).size).toBe(4);
    expect(await colour('td.cell.empty')).not.toBe(solved);

    expect(requests.filter((r) => r !== url)).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'scoreboard.png'), fullPage: true });
    await page.close();
  });

  it('fits a phone: the table scrolls sideways inside the page, and type is larger on a projector', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true });
    await phone.goto(url);
    const layout = await phone.evaluate(() => {
      const scroller = document.querySelector('table#scoreboard')!.parentElement!;
      return {
        pageWidth: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
        scrollerScrolls: scroller.scrollWidth > scroller.clientWidth && getComputedStyle(scroller).overflowX === 'auto',
        fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
      };
    });
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.scrollerScrolls).toBe(true);
    await phone.close();

    const projector = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await projector.goto(url);
    const big = await projector.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(big).toBeGreaterThan(layout.fontSize);
    expect(big).toBeGreaterThanOrEqual(20);
    await projector.close();
  });
});

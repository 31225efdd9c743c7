import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { ARTIFACTS, ensureChromium, LAUNCH_ARGS } from '../helpers/chromium.js';
import { workspace } from '../helpers/zuko.js';
import { startServer, type RunningServer } from '../helpers/serve.js';

const ws = workspace();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // Four runs allowed per window: the fifth shows the page's rate-limit state.
  server = await startServer(ws, { quota: { max: 4, window_s: 10_000_000 }, rate: { per_ip: { max: 1000, window_s: 600 } } });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: LAUNCH_ARGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  ws.remove();
});

/** A judged, accepted submission of the demo contest's problem A, written straight into the database. */
async function storeJudged(team: string, minutes: number): Promise<void> {
  const store = await openStore(ws.db);
  try {
    const { id } = await store.addSubmission({
      source: readFileSync(`${ws.dir}/sum.py`),
      fileName: 'sum.py',
      language: 'python',
      problemId: 'sum',
      problemDir: path.resolve('problems/sum'),
      team,
      contest: 'demo',
      submittedAt: new Date(Date.parse('2026-11-21T10:00:00Z') + minutes * 60_000),
      contestMinutes: minutes,
    });
    const judging = await store.startJudging(id, { packageHash: 'x', judgeVersion: 'test', imageIds: {} });
    await store.finishJudging(judging, { verdict: 'AC', score: 100, maxScore: 100, timeMs: 1, memoryKb: 1, compileOk: true, compileOutput: '' });
  } finally {
    await store.close();
  }
}

/** Replaces the editor's text as a person would: select all, then type over it. */
async function writeProgram(page: Page, source: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
}

async function runAndWait(page: Page, how: 'button' | 'keys'): Promise<string> {
  if (how === 'button') await page.getByRole('button', { name: 'Run' }).click();
  else await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('state')!.dataset.kind ?? ''), undefined, { timeout: 60_000 });
  return page.locator('#state').innerText();
}

describe('the run page in a real browser', () => {
  it('runs a program, shows a compile error and a timeout, keeps the source, and says when to retry', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#state').innerText()).toBe('Ready.');
    expect(await page.locator('#language option').allTextContents()).toEqual(expect.arrayContaining(['Python 3', 'C++ (g++, GNU C++20)']));

    await page.getByLabel('Language').selectOption('python');
    await writeProgram(page, 'import sys\nname = input()\nprint("Hello,", name)\nprint("note", file=sys.stderr)\n');
    await page.getByLabel('Input (standard input)').fill('Ada');
    expect(await runAndWait(page, 'button')).toBe('Done: Accepted.');
    expect(await page.locator('#stdout').textContent()).toBe('Hello, Ada\n');
    expect(await page.locator('#stderr').textContent()).toBe('note\n');
    expect(await page.locator('#r-exit').innerText()).toBe('0');
    expect(await page.locator('#r-cpu').innerText()).toMatch(/^\d+ ms$/);
    expect(await page.locator('#r-memory').innerText()).toMatch(/MiB$/);
    expect(await page.locator('#compile').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-page-ok.png'), fullPage: true });

    await page.getByLabel('Language').selectOption('cpp');
    await writeProgram(page, 'int main() { return missing; }\n');
    expect(await runAndWait(page, 'keys')).toBe('Done: Compilation Error.');
    expect(await page.locator('#compile-out').innerText()).toMatch(/missing.*was not declared/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-page-compile-error.png'), fullPage: true });

    // The source and the language survive a reload.
    await page.reload();
    await expect.poll(() => page.locator('#state').innerText()).toBe('Ready.');
    expect(await page.getByLabel('Language').inputValue()).toBe('cpp');
    expect(await page.locator('.cm-content').innerText()).toContain('return missing;');

    await page.getByLabel('Language').selectOption('python');
    await writeProgram(page, 'while True:\n    pass\n');
    const running = page.waitForFunction(() => /Running|Compiling|Queued/.test(document.getElementById('state')!.innerText));
    await page.getByRole('button', { name: 'Run' }).click();
    await running;
    expect(await runAndWait(page, 'button')).toBe('Done: Time Limit Exceeded.');

    expect(await runAndWait(page, 'button')).toMatch(/^Too many runs: quota of 4 runs per 10000000 s used up\. Try again in \d+ days\.$/);
    expect(await page.locator('#state').getAttribute('data-kind')).toBe('error');
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-page-rate-limited.png'), fullPage: true });
    expect(external).toEqual([]);
    await page.close();
  });

  it('fits a phone-sized window and is usable from the keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#state').innerText()).toMatch(/Ready|Done/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Tab order: language picker, Run button, then the editor.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('language');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('run');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);
    expect(await page.locator('.cm-content').getAttribute('aria-labelledby')).toBe('code-label');
    await page.screenshot({ path: path.join(ARTIFACTS, 'run-page-phone.png'), fullPage: true });
    await page.close();
  });
});

describe('the live scoreboard in a real browser', () => {
  it('shows problem names and changes a cell when a judging finishes, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/contests/demo/board`);
    await page.waitForSelector('table#scoreboard');
    expect(await page.title()).toBe('Demo Contest · live scoreboard');
    expect(await page.locator('th.problem[data-problem="A"] .pname').innerText()).toBe('Sum');
    expect(await page.locator('#status').innerText()).toMatch(/frozen since 4:00/);
    expect(await page.locator('#updated').innerText()).toMatch(/^Last updated /);
    const widths = await page.locator('th.problem').evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    expect(new Set(widths).size).toBe(1);
    const cell = page.locator('tr.team[data-team-id="t5"] td[data-problem="A"]');
    expect(await cell.getAttribute('class')).toBe('cell empty');

    // The server holds the database: a CLI judge on the same file is refused, naming it.
    copyFileSync('problems/sum/submissions/accepted/sum.py', `${ws.dir}/sum.py`);
    writeFileSync(`${ws.dir}/manifest.csv`, 'team,problem,time,file\nt5,A,30,sum.py\n');
    const imported = await ws.run(['import', 'demo', `${ws.dir}/manifest.csv`]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toMatch(/is being judged into by 'zuko-judge serve/);
    // A judging written by another process (a judge before this server, a worker sharing a
    // database) shows up on the open page.
    await storeJudged('t5', 30);
    await expect.poll(() => cell.getAttribute('class'), { timeout: 15_000 }).toMatch(/^cell solved/);
    expect(await cell.locator('.main').innerText()).toBe('30');
    await page.screenshot({ path: path.join(ARTIFACTS, 'live-board.png'), fullPage: true });

    const unfrozen = await fetch(`${server.url}/api/v1/contests/demo/board/events?unfrozen=true`);
    expect(unfrozen.status).toBe(401);
    await page.close();
  });
});

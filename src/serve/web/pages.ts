/** The pages' HTML: static shells; the bundled scripts fill them from the API. */
import { escapeHtml } from '../../contest/export/html.js';

const BASE_STYLE = `
:root { color-scheme: light; --fg: #1b1b1f; --muted: #4a4a55; --line: #c4c4cc; --accent: #0b57d0; --bad: #b3261e; --good: #146c2e; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`;

const RUN_STYLE = `
.row { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: .75rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
select, textarea, button { font: inherit; }
select { padding: .4rem; border: 1px solid var(--line); border-radius: 4px; min-width: 12rem; }
button { padding: .5rem 1.25rem; background: var(--accent); color: #fff; border: 0; border-radius: 4px; font-weight: 600; cursor: pointer; }
button:disabled { background: #6b6b78; cursor: progress; }
#editor { border: 1px solid var(--line); border-radius: 4px; }
#editor .cm-editor { min-height: 14rem; max-height: 60vh; }
#editor .cm-scroller { font-family: ui-monospace, monospace; font-size: 15px; }
textarea { width: 100%; padding: .5rem; border: 1px solid var(--line); border-radius: 4px; font-family: ui-monospace, monospace; }
#keys { color: var(--muted); font-size: .9rem; margin: .25rem 0 .75rem; }
#state { padding: .5rem .75rem; border-left: 4px solid var(--line); background: #f4f4f6; }
#state[data-kind=busy] { border-color: var(--accent); }
#state[data-kind=error] { border-color: var(--bad); color: var(--bad); }
#state[data-kind=done] { border-color: var(--good); }
dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; margin: .75rem 0; }
dl div { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .6rem; }
dt { color: var(--muted); font-size: .85rem; }
dd { margin: 0; font-weight: 600; }
pre { margin: 0; padding: .5rem; background: #f4f4f6; border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; word-break: break-all; max-height: 24rem; overflow: auto; }
.size { color: var(--muted); font-size: .85rem; margin: 0 0 .25rem; }
`;

export function runPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Run a program · zuko-judge</title>
<style>${BASE_STYLE}${RUN_STYLE}</style>
</head>
<body>
<main>
<h1>Run a program</h1>
<form id="run-form">
  <div class="row">
    <div><label for="language">Language</label><select id="language" name="language"></select></div>
    <button id="run" type="submit" disabled>Run</button>
  </div>
  <label id="code-label" for="editor">Program</label>
  <div id="editor"></div>
  <p id="keys">Ctrl+Enter (⌘+Enter on a Mac) runs the program, from the editor or the input box; Tab moves on to the next field.</p>
  <label for="stdin">Input (standard input)</label>
  <textarea id="stdin" name="stdin" rows="4" spellcheck="false"></textarea>
</form>
<section id="result" aria-labelledby="result-heading">
  <h2 id="result-heading">Result</h2>
  <p id="state" role="status" aria-live="polite" data-kind="idle">Loading…</p>
  <dl>
    <div><dt>Status</dt><dd id="r-status">–</dd></div>
    <div><dt>CPU time</dt><dd id="r-cpu">–</dd></div>
    <div><dt>Wall time</dt><dd id="r-wall">–</dd></div>
    <div><dt>Peak memory</dt><dd id="r-memory">–</dd></div>
    <div><dt>Exit code or signal</dt><dd id="r-exit">–</dd></div>
  </dl>
  <div id="compile" hidden><h3>Compiler output</h3><pre id="compile-out"></pre></div>
  <h3>Standard output</h3><p class="size" id="stdout-size"></p><pre id="stdout"></pre>
  <h3>Standard error</h3><p class="size" id="stderr-size"></p><pre id="stderr"></pre>
</section>
</main>
<script type="module" src="/assets/run-page.js"></script>
</body>
</html>
`;
}

const BOARD_STYLE = `
table#scoreboard { table-layout: fixed; }
col.c-rank { width: 3rem; } col.c-name { width: 14rem; } col.c-num { width: 4.2rem; }
th.problem .label { display: block; font-size: 1.1rem; }
th.problem .pname { white-space: normal; overflow-wrap: anywhere; color: var(--muted); }
.cell { min-width: 0; }
.updated { margin: 0.2rem 0 0; color: var(--muted); font-size: 0.85rem; }
.updated[data-stale] { color: var(--failed); }
@media (max-width: 600px) { table#scoreboard { table-layout: auto; } col.c-name { width: 8rem; } }
`;

/** The live board's shell; its script fills in the table and keeps it current. */
export function boardPage(contestName: string, baseStyle: string): string {
  const name = escapeHtml(contestName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${name} · live scoreboard</title>
<style>${baseStyle}${BOARD_STYLE}</style>
</head>
<body>
<header>
<h1>${name}</h1>
<p class="status" id="status">Loading…</p>
<p class="updated" id="updated" role="status" aria-live="polite"></p>
</header>
<main class="scroll" id="board"></main>
<script type="module" src="/assets/board-page.js"></script>
</body>
</html>
`;
}

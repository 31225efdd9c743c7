/**
 * The scoreboard page's stylesheet, inlined so the page works offline. Type grows with the
 * viewport so a projector shows it large; the table scrolls sideways on a narrow phone with the
 * team names kept in view. System fonts only: nothing is fetched.
 */
export const STYLE = `
:root {
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6570; --line: #d5dae0; --stripe: #f3f5f7;
  --solved: #1f8a3b; --first: #0b4f20; --failed: #c8372d; --pending: #e0a800; --partial: #7fb24a;
  font-size: clamp(15px, 0.55rem + 0.9vw, 34px);
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #111418; --fg: #e8ecf0; --muted: #9aa5b1; --line: #2c333b; --stripe: #181d22; }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.3; }
header { padding: 0.8rem 1rem 0.4rem; }
h1 { margin: 0; font-size: 1.8rem; overflow-wrap: anywhere; }
.status { margin: 0.3rem 0 0; color: var(--muted); }
.frozen { color: var(--failed); }
.scroll { display: block; overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0 1rem 1rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); text-align: center; vertical-align: middle; }
thead th { position: sticky; top: 0; background: var(--bg); font-size: 0.85rem; color: var(--muted); }
tbody tr:nth-child(even) { background: var(--stripe); }
.rank { width: 2.5rem; font-weight: 700; }
.name { text-align: left; min-width: 9rem; max-width: 22rem; font-weight: 600; }
th.name { position: sticky; left: 0; z-index: 1; background-color: var(--bg); }
tbody tr:nth-child(even) .name { background-color: var(--stripe); }
.aff { display: block; font-weight: 400; font-size: 0.75rem; color: var(--muted); }
.num { font-weight: 700; }
th.problem { min-width: 3.6rem; font-size: 1rem; color: var(--fg); }
.cell { min-width: 3.6rem; border: 2px solid var(--bg); border-radius: 0.4rem; }
.cell .main { display: block; font-weight: 700; font-size: 1.05rem; }
.cell .sub, th .sub { display: block; font-size: 0.7rem; font-weight: 400; white-space: nowrap; }
.solved { background: var(--solved); color: #fff; }
.first { background: var(--first); color: #fff; box-shadow: inset 0 0 0 0.2rem #f2c200; }
.failed { background: var(--failed); color: #fff; }
.pending { background: var(--pending); color: #1b1f24; }
.partial { background: var(--partial); color: #1b1f24; }
tfoot th, tfoot td { color: var(--muted); font-size: 0.85rem; }
footer { padding: 0 1rem 1rem; color: var(--muted); font-size: 0.8rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; list-style: none; margin: 0; padding: 0; }
.legend li { display: flex; align-items: center; gap: 0.4rem; }
.swatch { display: inline-block; width: 1.2rem; height: 1.2rem; min-width: 0; }
.swatch.first { box-shadow: inset 0 0 0 0.15rem #f2c200; }
@media (max-width: 600px) {
  header { padding: 0.6rem 0.6rem 0.3rem; }
  h1 { font-size: 1.4rem; }
  .scroll { margin: 0 0.4rem 0.8rem; }
  th, td { padding: 0.25rem 0.3rem; }
  .name { min-width: 7rem; max-width: 11rem; }
}
`;

/**
 * The run page in the browser: an editor, a language picker fed by /api/v1/languages, stdin, and
 * Run, through the same Judge0 endpoints other clients use (queued, compiling and running are
 * read from the submission while it is unfinished). Bundled by ./bundle.ts; nothing is fetched
 * from elsewhere.
 */
import { basicSetup, EditorView } from 'codemirror';
import { cpp } from '@codemirror/lang-cpp';
import { java } from '@codemirror/lang-java';
import { python } from '@codemirror/lang-python';
import { Compartment, Prec, type Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';

interface LanguageInfo {
  id: string;
  name: string;
  judge0_id: number | null;
}

interface Submission {
  token?: string;
  status: { id: number; description: string };
  phase?: string;
  time: string | null;
  wall_time: string | null;
  memory: number | null;
  exit_code: number | null;
  exit_signal: number | null;
  stdout: string | null;
  stderr: string | null;
  compile_output: string | null;
  message: string | null;
  stdout_bytes: number | null;
  stderr_bytes: number | null;
}

const HIGHLIGHT: Record<string, () => Extension> = { python, c: cpp, cpp, java };
const STARTERS: Record<string, string> = {
  python: 'name = input()\nprint(f"Hello, {name}!")\n',
  c: '#include <stdio.h>\n\nint main(void) {\n    char name[100];\n    if (scanf("%99s", name) == 1) printf("Hello, %s!\\n", name);\n    return 0;\n}\n',
  cpp: '#include <iostream>\n#include <string>\n\nint main() {\n    std::string name;\n    std::cin >> name;\n    std::cout << "Hello, " << name << "!\\n";\n}\n',
  java: 'import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        String name = new Scanner(System.in).next();\n        System.out.println("Hello, " + name + "!");\n    }\n}\n',
};
const STORAGE_KEY = 'zuko-judge.run-page';
const SHOWN_CHARS = 20_000;
const FIELDS = 'status,phase,time,wall_time,memory,exit_code,exit_signal,stdout,stderr,compile_output,message,stdout_bytes,stderr_bytes';
const PHASES: Record<string, string> = { queued: 'Queued: waiting for a free sandbox…', compiling: 'Compiling…', running: 'Running…' };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function fromBase64(text: string | null): { text: string; bytes: number } {
  if (!text) return { text: '', bytes: 0 };
  const raw = atob(text);
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  return { text: new TextDecoder().decode(bytes), bytes: bytes.length };
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let raw = '';
  for (const b of bytes) raw += String.fromCharCode(b);
  return btoa(raw);
}

function setState(text: string, kind: 'busy' | 'done' | 'error' | 'idle'): void {
  const state = $('state');
  state.textContent = text;
  state.dataset.kind = kind;
}

function showOutput(id: string, encoded: string | null, fullBytes: number | null): void {
  const { text, bytes } = fromBase64(encoded);
  const shown = text.length > SHOWN_CHARS ? text.slice(0, SHOWN_CHARS) : text;
  $(id).textContent = shown;
  const total = Math.max(fullBytes ?? 0, bytes);
  const cut = shown.length < text.length || total > bytes;
  $(`${id}-size`).textContent = cut
    ? `Truncated: showing the first ${new TextEncoder().encode(shown).length} of ${total} bytes.`
    : total
      ? `${total} bytes.`
      : 'Empty.';
}

function fact(id: string, value: string): void {
  $(id).textContent = value;
}

function showResult(s: Submission): void {
  fact('r-status', s.status.description + (s.message && s.status.id !== 3 && s.status.id !== 4 ? ` (${fromBase64(s.message).text})` : ''));
  fact('r-cpu', s.time === null ? '–' : `${Math.round(Number(s.time) * 1000)} ms`);
  fact('r-wall', s.wall_time === null ? '–' : `${Math.round(Number(s.wall_time) * 1000)} ms`);
  fact('r-memory', s.memory === null ? '–' : `${(s.memory / 1024).toFixed(1)} MiB`);
  fact('r-exit', s.exit_signal ? `signal ${s.exit_signal}` : s.exit_code === null ? '–' : String(s.exit_code));
  $('result').dataset.status = String(s.status.id);
  const compileFailed = s.status.id === 6;
  $('compile').hidden = !compileFailed;
  $('compile-out').textContent = compileFailed ? fromBase64(s.compile_output).text : '';
  showOutput('stdout', s.stdout, s.stdout_bytes);
  showOutput('stderr', s.stderr, s.stderr_bytes);
}

/** A wait in the largest unit that keeps it readable. */
function readable(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'days'],
    [3600, 'h'],
    [60, 'min'],
  ];
  for (const [size, unit] of units) if (seconds >= size * 1.5) return `${Math.round(seconds / size)} ${unit}`;
  return `${seconds} s`;
}

/** A refusal the person can act on: when to try again, or what was wrong. */
async function refusal(res: Response): Promise<string> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  const retry = res.headers.get('Retry-After');
  if (res.status === 429 || res.status === 503) {
    const why = res.status === 429 ? 'Too many runs' : 'The server is busy';
    return `${why}: ${body.error ?? res.statusText}. Try again in ${retry ? readable(Number(retry)) : 'a few seconds'}.`;
  }
  return `Not run: ${body.error ?? res.statusText}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(view: EditorView, language: HTMLSelectElement): Promise<void> {
  const button = $<HTMLButtonElement>('run');
  if (button.disabled) return;
  const judge0Id = Number(language.selectedOptions[0]?.dataset.judge0);
  button.disabled = true;
  setState('Sending…', 'busy');
  try {
    const res = await fetch('/submissions?base64_encoded=true', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ language_id: judge0Id, source_code: toBase64(view.state.doc.toString()), stdin: toBase64($<HTMLTextAreaElement>('stdin').value) }),
    });
    if (!res.ok) return setState(await refusal(res), 'error');
    const { token } = (await res.json()) as { token: string };
    // Polls back off, so a slow program costs few requests against the rate limit.
    for (let wait = 150; ; wait = Math.min(wait * 1.5, 2000)) {
      await sleep(wait);
      const poll = await fetch(`/submissions/${token}?base64_encoded=true&fields=${FIELDS}`);
      if (poll.status === 429) {
        await sleep(Number(poll.headers.get('Retry-After') ?? 1) * 1000);
        continue;
      }
      if (!poll.ok) return setState(await refusal(poll), 'error');
      const s = (await poll.json()) as Submission;
      if (s.status.id <= 2) {
        setState(PHASES[s.phase ?? 'queued'] ?? 'Running…', 'busy');
        continue;
      }
      showResult(s);
      return setState(`Done: ${s.status.description}.`, 'done');
    }
  } catch (err) {
    setState(`Could not reach the server: ${(err as Error).message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

interface Saved {
  language: string;
  sources: Record<string, string>;
  stdin: string;
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Saved | null;
    if (saved && typeof saved.language === 'string' && saved.sources) return saved;
  } catch {
    // a damaged entry: start afresh
  }
  return { language: 'python', sources: {}, stdin: 'world\n' };
}

async function main(): Promise<void> {
  const language = $<HTMLSelectElement>('language');
  const stdin = $<HTMLTextAreaElement>('stdin');
  const languages = ((await (await fetch('/api/v1/languages')).json()) as LanguageInfo[]).filter((l) => l.judge0_id !== null);
  for (const l of languages) {
    const option = new Option(l.name, l.id);
    option.dataset.judge0 = String(l.judge0_id);
    language.add(option);
  }
  const saved = load();
  language.value = languages.some((l) => l.id === saved.language) ? saved.language : languages[0].id;
  stdin.value = saved.stdin;
  const highlight = new Compartment();
  const save = () => {
    saved.language = language.value;
    saved.sources[language.value] = view.state.doc.toString();
    saved.stdin = stdin.value;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  };
  const runKey = Prec.highest(
    keymap.of([
      {
        key: 'Mod-Enter',
        run: () => {
          void run(view, language);
          return true;
        },
      },
    ]),
  );
  const view = new EditorView({
    doc: saved.sources[language.value] ?? STARTERS[language.value] ?? '',
    parent: $('editor'),
    extensions: [
      basicSetup,
      runKey,
      highlight.of(HIGHLIGHT[language.value]?.() ?? []),
      EditorView.contentAttributes.of({ 'aria-labelledby': 'code-label', 'aria-describedby': 'keys' }),
      EditorView.updateListener.of((u) => u.docChanged && save()),
    ],
  });
  language.addEventListener('change', () => {
    const source = saved.sources[language.value] ?? STARTERS[language.value] ?? '';
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source }, effects: highlight.reconfigure(HIGHLIGHT[language.value]?.() ?? []) });
    save();
  });
  stdin.addEventListener('input', save);
  stdin.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run(view, language);
    }
  });
  $('run-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void run(view, language);
  });
  $<HTMLButtonElement>('run').disabled = false;
  setState('Ready.', 'idle');
}

void main().catch((err: Error) => setState(`The page could not start: ${err.message}`, 'error'));

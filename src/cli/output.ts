/** Printing helpers shared by the commands: colours only on a terminal, JSON on request. */

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;

const CODES: Record<string, string> = { red: '31', green: '32', yellow: '33', blue: '34', grey: '90', bold: '1' };

export function paint(colour: keyof typeof CODES, text: string): string {
  return useColour ? `\x1b[${CODES[colour]}m${text}\x1b[0m` : text;
}

export function verdictColour(verdict: string): keyof typeof CODES {
  if (verdict === 'AC' || verdict === 'OK') return 'green';
  if (verdict === 'SK') return 'grey';
  if (verdict === 'JE' || verdict === 'ERROR') return 'yellow';
  return 'red';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned plain-text columns; colour codes do not count towards the width. */
export function table(headers: string[], rows: string[][]): string {
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  const widths = headers.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i] - visible(c)))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => paint('bold', h))), ...rows.map(line)].join('\n');
}

/** Progress and diagnostics go to stderr, so stdout carries only the result: a table or JSON. */
export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The result a command was asked for (tables, summaries), on stdout. */
export function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/**
 * The one result type of every way of checking an output, and the adapters that turn a custom
 * checker's raw exit (code + feedback text) into it. A checker that misbehaves is a judge error,
 * never a contestant verdict.
 */
import { parseNumberToken } from './float.js';
import { formatNumber, oneLine } from './text.js';

export type CheckVerdict = 'AC' | 'WA' | 'JE';

export interface CheckOutcome {
  verdict: CheckVerdict;
  /** A score the checker gave (ICPC score.txt, testlib points); null when it gave none. */
  score: number | null;
  /** One line for judges, at most a few hundred characters; '' when there is nothing to say. */
  message: string;
  /** Set on WA when the checker called it a presentation error (testlib PE). */
  presentationError?: boolean;
}

export function accepted(message = '', score: number | null = null): CheckOutcome {
  return { verdict: 'AC', score, message };
}

export function wrongAnswer(message: string, score: number | null = null): CheckOutcome {
  return { verdict: 'WA', score, message };
}

export function judgeError(message: string): CheckOutcome {
  return { verdict: 'JE', score: null, message };
}

/** Text a checker left in a feedback file or on a stream, as the caller read it. */
export interface IcpcFeedback {
  judgemessage?: string;
  teammessage?: string;
  /** Contents of score.txt, when the file exists. */
  score?: string;
}

const ICPC_ACCEPT = 42;
const ICPC_REJECT = 43;

/** A finite decimal number, the way score.txt holds one (surrounding whitespace allowed). */
function parseScore(text: string): number | null {
  const value = parseNumberToken(text.trim());
  return value !== null && Number.isFinite(value) ? value : null;
}

function exitDescription(exitCode: number | null): string {
  return exitCode === null ? 'was killed before it exited' : `exited with code ${exitCode}`;
}

/**
 * ICPC output validator. Protocol: `validator input answer feedback_dir [args] < team_output`;
 * exit 42 accepts, 43 rejects, any other code (0 included) or a kill is a judge error.
 * The message is judgemessage.txt, else teammessage.txt, made one line and capped.
 * A score.txt that is present but not a finite number is a judge error, whatever the exit code.
 */
export function icpcOutcome(exitCode: number | null, feedback: IcpcFeedback): CheckOutcome {
  const message = oneLine(feedback.judgemessage ?? '') || oneLine(feedback.teammessage ?? '');
  if (exitCode !== ICPC_ACCEPT && exitCode !== ICPC_REJECT) {
    const what = `output validator ${exitDescription(exitCode)} (expected 42 accept or 43 reject)`;
    return judgeError(message ? `${what}: ${message}` : what);
  }
  let score: number | null = null;
  if (feedback.score !== undefined) {
    score = parseScore(feedback.score);
    if (score === null) {
      return judgeError(`output validator wrote a score.txt that is not a number: ${JSON.stringify(oneLine(feedback.score, 40))}`);
    }
  }
  return exitCode === ICPC_ACCEPT ? accepted(message, score) : wrongAnswer(message, score);
}

const TESTLIB_OK = 0;
const TESTLIB_WA = 1;
const TESTLIB_PE = 2;
const TESTLIB_FAIL = 3;
const TESTLIB_DIRT = 4;
const TESTLIB_POINTS = 7;
/** Only with ENABLE_UNEXPECTED_EOF; otherwise testlib reports an early end of output as PE. */
const TESTLIB_UNEXPECTED_EOF = 8;

/**
 * The points a testlib checker printed with quitp: its message reads `points <value> [text]`
 * (older builds print just `<value> [text]`).
 */
function readPoints(message: string): number | null {
  const match = /^(?:points\s+)?([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?:\s|$)/i.exec(message.trimStart());
  if (!match) return null;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : null;
}

/**
 * testlib checker, default build (not -DEJUDGE / -DCONTESTER / -DTESTSYS).
 * Protocol: `checker input output answer` (the contestant's output SECOND); the verdict text goes
 * to stderr. Exit 0 OK, 1 WA, 2 PE (WA with presentationError), 3 FAIL (judge error), 4 DIRT (WA),
 * 7 POINTS, 8 unexpected EOF (WA with presentationError); anything else or a kill is a judge error.
 * POINTS: the printed value is the score; AC when it is above 0, else WA. No value is a judge error.
 */
export function testlibOutcome(exitCode: number | null, output: string): CheckOutcome {
  const message = oneLine(output);
  switch (exitCode) {
    case TESTLIB_OK:
      return accepted(message);
    case TESTLIB_WA:
    case TESTLIB_DIRT:
      return wrongAnswer(message);
    case TESTLIB_PE:
    case TESTLIB_UNEXPECTED_EOF:
      return { ...wrongAnswer(message), presentationError: true };
    case TESTLIB_FAIL:
      return judgeError(message ? `checker failed: ${message}` : 'checker failed');
    case TESTLIB_POINTS: {
      const points = readPoints(output);
      if (points === null) return judgeError(`checker exited with code 7 (points) but printed no points: ${JSON.stringify(message)}`);
      return points > 0 ? accepted(message, points) : wrongAnswer(message || `points ${formatNumber(points)}`, points);
    }
    default: {
      const what = `checker ${exitDescription(exitCode)}, which is not a testlib verdict`;
      return judgeError(message ? `${what}: ${message}` : what);
    }
  }
}

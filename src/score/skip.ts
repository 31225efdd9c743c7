import { isGroup, type TestCase, type TestGroup } from '../problem/types.js';
import type { CaseResult } from './grade.js';

/**
 * Tests the final grading is certain to skip, given the results known so far, so the judge need
 * not run them. Results arrive out of order; an unknown earlier test never blocks the skip, since
 * if it fails too, everything after it is skipped anyway.
 */
export function skippable(root: TestGroup, partial: Map<string, CaseResult>): Set<string> {
  const skip = new Set<string>();
  visit(root, partial, skip);
  return skip;
}

/** Marks what breaks inside the group; returns whether the group is certain to be rejected. */
function visit(group: TestGroup, partial: Map<string, CaseResult>, skip: Set<string>): boolean {
  const g = group.grading;
  let rejected = false;
  let broken = false;
  for (const child of group.children) {
    if (broken) {
      addAll(child, skip);
      continue;
    }
    const childRejected = isGroup(child) ? visit(child, partial, skip) : isRejected(partial.get(child.name));
    const counts = !(g.ignoreSample && isGroup(child) && child.name.split('/').pop() === 'sample');
    if (childRejected && counts) rejected = true;
    if (childRejected && g.onReject === 'break') broken = true;
  }
  return rejected && g.verdictRule !== 'always_accept' && !g.acceptIfAnyAccepted;
}

function isRejected(result: CaseResult | undefined): boolean {
  return result !== undefined && result.verdict !== 'AC' && result.verdict !== 'SK';
}

function addAll(node: TestGroup | TestCase, skip: Set<string>): void {
  if (!isGroup(node)) {
    skip.add(node.name);
    return;
  }
  for (const child of node.children) addAll(child, skip);
}

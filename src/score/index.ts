export { gradeJudging, maxScore, type CaseResult, type Graded, type GroupResult } from './grade.js';
export { skippable } from './skip.js';

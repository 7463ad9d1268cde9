/** Messages of the grading run itself, in both languages. */
import { text } from '../kube/text.ts';

export const messages = {
  checkThrew: (error: string) => text(`검사를 실행하다가 오류가 났다: ${error}`, `the check failed to run: ${error}`),
  labMismatch: (grader: string, lab: string) => text(`채점기(${grader})가 실습(${lab})과 맞지 않는다`, `the grader (${grader}) does not belong to the lab (${lab})`),
  score: text('점수', 'Score'),
  hint: text('힌트', 'Hint'),
  at: text('위치', 'at'),
};

/** Messages of the grading run and its reports, in both languages. */
import { text } from '../kube/text.ts';

export const messages = {
  checkThrew: (error: string) => text(`검사를 실행하다가 오류가 났다: ${error}`, `the check failed to run: ${error}`),
  checkTimedOut: (ms: number) =>
    text(`검사가 ${ms / 1000}초 안에 끝나지 않아 중단했다`, `the check did not finish within ${ms / 1000} s and was stopped`),
  simulationBudget: (detail: string) =>
    text(
      `시뮬레이션이 작업 한도를 넘어 중단되었다: 매니페스트가 끝없이 무언가를 만들고 있지 않은지 확인하자 (${detail})`,
      `the simulation exceeded its work budget and was stopped: check that the manifests do not create things without end (${detail})`,
    ),
  labMismatch: (grader: string, lab: string) => text(`채점기(${grader})가 실습(${lab})과 맞지 않는다`, `the grader (${grader}) does not belong to the lab (${lab})`),
  score: text('점수', 'Score'),
  hint: text('힌트', 'Hint'),
  at: text('위치', 'at'),
  ignored: text('채점하지 않은 파일', 'Files not graded'),
  student: text('학생', 'Student'),
  status: text('상태', 'Status'),
  submissions: text('제출물', 'Submissions'),
  average: text('평균', 'Average'),
  median: text('중앙값', 'Median'),
  fullMarks: text('만점', 'Full marks'),
  errors: text('채점 오류', 'Grading errors'),
  check: text('검사', 'Check'),
  passRate: text('통과율', 'Passed'),
  summaryTitle: (lab: string) => text(`채점 결과: ${lab}`, `Grading results: ${lab}`),
  graderHash: text('채점기 SHA-256', 'Grader SHA-256'),
  hiddenCheck: text('(이 검사의 결과는 채점 후 공개된다)', '(the result of this check is shown after grading)'),
  statusName: {
    pass: text('통과', 'pass'),
    partial: text('부분 점수', 'partial'),
    fail: text('실패', 'fail'),
    error: text('오류', 'error'),
    skipped: text('건너뜀', 'skipped'),
    graded: text('채점됨', 'graded'),
  },
};

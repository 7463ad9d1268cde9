/** The --format choices and what each prints on standard output, for one result or a class. */
import type { ClassRun } from '../grading/class-run.ts';
import { toAnnotations, type AnnotationOptions } from '../grading/reporters/annotations.ts';
import { toClassText } from '../grading/reporters/class-text.ts';
import { encodeClassroom, toClassroom } from '../grading/reporters/classroom.ts';
import { toGradebookCsv } from '../grading/reporters/csv.ts';
import { toGradescopeJson } from '../grading/reporters/gradescope.ts';
import { toHtml } from '../grading/reporters/html.ts';
import { toJson } from '../grading/reporters/json.ts';
import { toJUnit } from '../grading/reporters/junit.ts';
import { toMarkdown } from '../grading/reporters/markdown.ts';
import { toText } from '../grading/reporters/text.ts';
import type { GradeResult } from '../grading/result.ts';

export const FORMATS = ['text', 'json', 'junit', 'markdown', 'csv', 'gradescope', 'classroom', 'annotations', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const CLASS_FORMATS = ['text', 'json', 'junit', 'markdown', 'csv', 'classroom', 'annotations'] as const;
export type ClassFormat = (typeof CLASS_FORMATS)[number];

export function renderOne(result: GradeResult, format: Format, options: { color?: boolean; hideHidden?: boolean; annotations?: AnnotationOptions } = {}): string {
  switch (format) {
    case 'text':
      return toText(result, { color: options.color === true, hideHidden: options.hideHidden === true });
    case 'json':
      return toJson(result);
    case 'junit':
      return toJUnit([result]);
    case 'markdown':
      return toMarkdown([result], { lang: result.lang });
    case 'csv':
      return toGradebookCsv([result]);
    case 'gradescope':
      return toGradescopeJson(result);
    case 'classroom':
      return `${encodeClassroom(toClassroom([result]))}\n`;
    case 'annotations':
      return toAnnotations([result], options.annotations);
    case 'html':
      return toHtml(result);
  }
}

export function renderClass(run: ClassRun, format: ClassFormat): string {
  switch (format) {
    case 'text':
      return toClassText(run.results, run.lang);
    case 'json':
      return `${JSON.stringify(run, null, 2)}\n`;
    case 'junit':
      return toJUnit(run.results);
    case 'markdown':
      return toMarkdown(run.results, { lang: run.lang });
    case 'csv':
      return toGradebookCsv(run.results);
    case 'classroom':
      return `${encodeClassroom(toClassroom(run.results))}\n`;
    case 'annotations':
      return toAnnotations(run.results);
  }
}

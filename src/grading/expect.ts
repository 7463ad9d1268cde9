/**
 * Static checks in one line: match a submitted object against a partial pattern (match.ts) and turn
 * the mismatches into an Outcome with partial credit (the share of expectations met), a field-by-field
 * message naming file:line:column, and those locations.
 *
 *   run: (ctx) => expectFields(ctx.objects('Deployment')[0], { spec: { replicas: atLeast(3) } }, text('디플로이먼트', 'the Deployment'))
 *
 * `spec.replicas` is 1 at web.yaml:6:3; expected at least 3.
 */
import { formatFieldPath, formatPosition, type SourcePosition } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';
import type { SubmittedObject } from './context.ts';
import { fail, partial, pass, type Outcome } from './grader.ts';
import { countExpectations, matchObject, type Mismatch, type Pattern } from './match.ts';

/** Each mismatch as a sentence, with the position of the field (or its nearest ancestor in the file). */
export function describeMismatches(mismatches: readonly Mismatch[], at?: (m: Mismatch) => SourcePosition): Text {
  const sentences = mismatches.map((m) => {
    const field = formatFieldPath(m.path) || '(root)';
    const where = at ? formatPosition(at(m)) : undefined;
    if (m.actual === '(absent)') {
      return text(`\`${field}\`이(가) 없다${where ? ` (${where})` : ''}; 기대: ${m.expected.ko}`, `\`${field}\` is missing${where ? ` (${where})` : ''}; expected ${m.expected.en}`);
    }
    return text(`\`${field}\`이(가) ${where ? `${where}에서 ` : ''}${m.actual}이다; 기대: ${m.expected.ko}`, `\`${field}\` is ${m.actual}${where ? ` at ${where}` : ''}; expected ${m.expected.en}`);
  });
  return text(sentences.map((s) => s.ko).join('. ') + '.', sentences.map((s) => s.en).join('. ') + '.');
}

/**
 * Matches a submitted object against a pattern. `what` names the object for the messages
 * ("the Deployment"); a missing object fails with that name.
 */
export function expectFields<T>(target: SubmittedObject<T> | undefined, pattern: Pattern, what: Text): Outcome {
  if (!target) return fail(text(`${what.ko}이(가) 없다.`, `there is no ${what.en}.`));
  const mismatches = matchObject(target.object, pattern);
  const name = target.object.metadata.name ?? '';
  if (mismatches.length === 0) return pass(text(`${what.ko} ${name}이(가) 요구 사항을 모두 만족한다.`, `${what.en} ${name} meets every requirement.`));
  const total = countExpectations(pattern);
  const locations = mismatches.map((m) => target.at(m.path));
  const message = describeMismatches(mismatches, (m) => target.at(m.path));
  return partial(Math.max(0, total - mismatches.length), total, message, locations);
}

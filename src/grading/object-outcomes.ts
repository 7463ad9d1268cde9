/** Outcomes graders give about one object of the submission: it is missing, the API server refused it, or it lacks the container a lab is about. */
import type { ApplyResult } from '../backends/backend.ts';
import { formatPosition } from '../kube/position.ts';
import { text, type Text } from '../kube/text.ts';
import type { CheckContext, SubmittedObject } from './context.ts';
import { fail, type Outcome } from './grader.ts';

/** "There is no X", or, when files failed to load, that X could not be read. */
export function missingObject(ctx: CheckContext, what: Text, kind: string, apiVersion: string): Outcome {
  if (ctx.submission.problems.length > 0) {
    return fail(text(`${what.ko}을(를) 읽지 못했다: 먼저 매니페스트의 오류를 고치자.`, `no ${what.en} could be read: fix the errors in the manifests first.`));
  }
  return fail(text(`${what.ko}이(가) 없다: \`kind: ${kind}\`, \`apiVersion: ${apiVersion}\`인 오브젝트를 작성하자.`, `there is no ${what.en}: write an object with \`kind: ${kind}\` and \`apiVersion: ${apiVersion}\`.`));
}

/** The API server's refusal of a submitted object among `applied`, marked at the refused fields; undefined when it was accepted. */
export function rejectedObject<T>(applied: readonly ApplyResult[], x: SubmittedObject<T>): Outcome | undefined {
  const r = applied.find((a) => a.kind === x.object.kind && a.name === x.object.metadata.name);
  if (!r?.error) return undefined;
  return fail(
    text(`API 서버가 ${x.object.kind} ${x.object.metadata.name}을(를) 거부했다: ${r.error.message.ko}`, `the API server rejected ${x.object.kind} ${x.object.metadata.name}: ${r.error.message.en}`),
    r.error.fields.map((f) => x.at(f)),
  );
}

/** The object a check needs when it was submitted and the API server accepted it; otherwise the outcome that says it is missing or refused. */
export function acceptedObject<T>(ctx: CheckContext, applied: readonly ApplyResult[], x: SubmittedObject<T> | undefined, what: Text, kind: string, apiVersion: string): SubmittedObject<T> | Outcome {
  if (!x) return missingObject(ctx, what, kind, apiVersion);
  return rejectedObject(applied, x) ?? x;
}

/** A Deployment without a container running `repository`, marked at its containers. */
export function noContainerRunning(d: SubmittedObject<unknown>, repository: string): Outcome {
  const at = d.at(['spec', 'template', 'spec', 'containers']);
  const name = d.object.metadata.name;
  return fail(text(`디플로이먼트 ${name}에 ${repository} 이미지를 쓰는 컨테이너가 없다 (${formatPosition(at)}).`, `Deployment ${name} has no container running ${repository} (${formatPosition(at)}).`), [at]);
}

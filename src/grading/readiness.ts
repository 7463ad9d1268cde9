/** Whether a container's readinessProbe asks the app something it answers (its port, a health path that returns 200). */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container } from 'kubernetes-types/core/v1';
import { formatPosition } from '../kube/position.ts';
import { text } from '../kube/text.ts';
import type { SubmittedObject } from './context.ts';
import { fail, pass, type Outcome } from './grader.ts';

/** What the app in the image answers: the port it listens on, and the paths that return 200 (any path when absent). */
export interface AppEndpoints {
  port: number;
  healthPaths?: readonly string[];
}

/** Passes when container `i` of the Deployment has a readinessProbe on the app's port (and a path it answers); fails at the field at fault. */
export function judgeReadinessProbe(d: SubmittedObject<Deployment>, i: number, c: Container, app: AppEndpoints): Outcome {
  const base = ['spec', 'template', 'spec', 'containers', i] as const;
  const probe = c.readinessProbe;
  if (!probe) {
    const at = d.at([...base]);
    return fail(text(`컨테이너 ${c.name}(${formatPosition(at)})에 readinessProbe가 없다.`, `container ${c.name} (${formatPosition(at)}) has no readinessProbe.`), [at]);
  }
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
  const resolved = typeof port === 'string' ? c.ports?.find((p) => p.name === port)?.containerPort : port;
  if (port !== undefined && resolved !== app.port) {
    const field = probe.httpGet ? 'httpGet' : probe.tcpSocket ? 'tcpSocket' : 'grpc';
    const at = d.at([...base, 'readinessProbe', field, 'port']);
    return fail(
      text(
        `readinessProbe가 포트 ${port}${typeof port === 'string' ? `(${resolved ?? '이름 없음'})` : ''}을(를) 확인한다 (${formatPosition(at)}): 앱은 ${app.port}에서 듣는다. 이 프로브는 성공하지 않아 파드가 Ready가 되지 못한다.`,
        `the readinessProbe checks port ${port}${typeof port === 'string' ? ` (${resolved ?? 'no such name'})` : ''} (${formatPosition(at)}); the app listens on ${app.port}, so the probe never succeeds and the pods never become Ready.`,
      ),
      [at],
    );
  }
  const paths = app.healthPaths;
  if (probe.httpGet && paths && paths.length > 0 && !paths.includes(probe.httpGet.path ?? '/')) {
    const at = d.at([...base, 'readinessProbe', 'httpGet', 'path']);
    return fail(
      text(`readinessProbe가 경로 ${probe.httpGet.path ?? '/'}을(를) 묻는다 (${formatPosition(at)}): 앱은 ${paths.join(', ')}에만 200으로 답한다.`, `the readinessProbe asks path ${probe.httpGet.path ?? '/'} (${formatPosition(at)}); the app answers 200 on ${paths.join(', ')} only.`),
      [at],
    );
  }
  const kind = probe.httpGet ? `httpGet ${probe.httpGet.path ?? '/'}` : probe.tcpSocket ? 'tcpSocket' : probe.grpc ? 'grpc' : 'exec';
  return pass(text(`컨테이너 ${c.name}의 readinessProbe(${kind})가 앱을 확인한다.`, `the readinessProbe (${kind}) of container ${c.name} checks the app.`));
}

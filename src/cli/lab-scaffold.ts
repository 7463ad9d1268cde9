/**
 * `orchestra lab new <id>`: a new lab that already works, to be edited: lab.yaml, a starter, a
 * solution, four cases with their expected.json, a grader with a static check (with file:line) and
 * two cluster checks, and a lesson stub. `orchestra lab test <id>` passes on it as generated.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { text } from '../kube/text.ts';
import { PROJECT_ROOT } from './labs.ts';
import { UsageError } from './usage-error.ts';

export interface ScaffoldOptions {
  root: string;
  id: string;
  titleKo?: string;
  titleEn?: string;
  module?: number;
}

export function scaffoldLab(options: ScaffoldOptions): string[] {
  const { root, id } = options;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) || id.length > 63) {
    throw new UsageError(text(`실습 id는 소문자, 숫자, '-'로 쓴다 (63자 이하): '${id}'`, `a lab id is lower-case letters, digits and '-' (at most 63): '${id}'`));
  }
  const labDir = join(root, 'labs', id);
  const graderFile = join(root, 'graders', `${id}.ts`);
  for (const existing of [labDir, graderFile]) {
    if (existsSync(existing)) throw new UsageError(text(`이미 있다: ${existing}`, `already exists: ${existing}`));
  }
  let gradingImport = relative(dirname(graderFile), join(PROJECT_ROOT, 'src', 'grading')).split(sep).join('/');
  if (!gradingImport.startsWith('.')) gradingImport = `./${gradingImport}`;
  const titleKo = options.titleKo ?? `${id} 실습`;
  const titleEn = options.titleEn ?? `The ${id} lab`;
  const files: Record<string, string> = {
    [join(labDir, 'lab.yaml')]: labYaml(id, titleKo, titleEn, options.module ?? 1),
    [join(labDir, 'starter', 'app.yaml')]: STARTER,
    [join(labDir, 'solution', 'app.yaml')]: SOLUTION,
    [join(labDir, 'cases', 'replicas-one', 'app.yaml')]: SOLUTION.replace('replicas: 2', 'replicas: 1'),
    [join(labDir, 'cases', 'replicas-one', 'expected.json')]: expected(70, { 'manifests-valid': 'pass', replicas: 'fail', 'pods-ready': 'pass' }),
    [join(labDir, 'cases', 'bad-image', 'app.yaml')]: SOLUTION.replace('nginx:1.27', 'nginx:no-such-tag'),
    [join(labDir, 'cases', 'bad-image', 'expected.json')]: expected(50, { 'manifests-valid': 'pass', replicas: 'pass', 'pods-ready': 'fail' }),
    [join(labDir, 'cases', 'broken-yaml', 'app.yaml')]: SOLUTION.replace('  replicas: 2', '\treplicas: 2'),
    [join(labDir, 'cases', 'broken-yaml', 'expected.json')]: expected(0, { 'manifests-valid': 'fail', replicas: 'fail', 'pods-ready': 'fail' }),
    [join(labDir, 'cases', 'empty', 'app.yaml')]: '# nothing yet\n',
    [join(labDir, 'cases', 'empty', 'expected.json')]: expected(0, { 'manifests-valid': 'fail', replicas: 'fail', 'pods-ready': 'fail' }),
    [join(labDir, 'lesson-stub.mdx')]: lessonStub(id, titleKo, options.module ?? 1),
    [graderFile]: grader(id, gradingImport),
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { flag: 'wx' });
  }
  return Object.keys(files).map((f) => relative(root, f).split(sep).join('/'));
}

function expected(score: number, checks: Record<string, string>): string {
  return `${JSON.stringify({ score, checks }, null, 2)}\n`;
}

function labYaml(id: string, ko: string, en: string, module: number): string {
  return `# Lab ${id}. Graded by graders/${id}.ts; 'orchestra lab test ${id}' checks the solution and the cases.
id: ${id}
module: ${module}
title:
  ko: ${JSON.stringify(ko)}
  en: ${JSON.stringify(en)}
summary:
  ko: 디플로이먼트(Deployment)로 nginx 파드 2개를 실행한다.
  en: Run 2 nginx pods with a Deployment.
instructions:
  ko: |
    \`app.yaml\`에 이름이 \`web\`인 디플로이먼트(Deployment)를 작성하자. \`nginx:1.27\` 이미지로
    파드 **2개**를 유지한다.
  en: |
    Write a Deployment named \`web\` in \`app.yaml\` that keeps **2** pods of the image \`nginx:1.27\`.
tasks:
  - text: { ko: 매니페스트가 유효하다, en: The manifests are valid }
    points: 20
  - text: { ko: 디플로이먼트가 레플리카 2개를 선언한다, en: The Deployment declares 2 replicas }
    points: 30
  - text: { ko: 60초 뒤 파드 2개가 Ready다, en: After 60 seconds 2 pods are Ready }
    points: 50
cluster:
  nodes:
    - { name: node-1, cpu: "2", memory: 4Gi }
    - { name: node-2, cpu: "2", memory: 4Gi }
seed: 1
submission:
  files: ["**/*.yaml", "**/*.yml"]
`;
}

const STARTER = `# TODO: 파드 2개를 유지하도록 spec.replicas를 쓰자. / TODO: set spec.replicas so that 2 pods are kept.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const SOLUTION = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

function grader(id: string, gradingImport: string): string {
  return `/**
 * Grader of the lab "${id}": a Deployment named web with 2 ready nginx pods.
 * Edit the checks; 'orchestra lab test ${id}' tells whether the solution and the cases still score as expected.
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import { defineGrader, fail, formatPosition, partial, pass, text } from '${gradingImport}/index.ts';
import { isRunningAndReady, podProblem, podsOfDeployment } from '${gradingImport}/queries.ts';

const REPLICAS = 2;

export default defineGrader({
  lab: '${id}',
  settle: '60s',
  checks: [
    {
      id: 'manifests-valid',
      title: text('매니페스트를 읽을 수 있고 유효하다', 'The manifests load and are valid'),
      points: 20,
      hints: [text('YAML은 들여쓰기에 공백만 쓴다.', 'YAML indents with spaces only.')],
      run(ctx) {
        const first = ctx.submission.problems[0];
        if (first) return fail(text(\`\${formatPosition(first.position)}: \${first.message.ko}\`, \`\${formatPosition(first.position)}: \${first.message.en}\`), [first.position]);
        if (ctx.submission.manifests.length === 0) return fail(text('쿠버네티스 오브젝트가 하나도 없다.', 'there is no Kubernetes object.'));
        return pass(text('모든 오브젝트가 유효하다.', 'every object is valid.'));
      },
    },
    {
      id: 'replicas',
      title: text(\`레플리카 \${REPLICAS}개를 선언한 디플로이먼트(Deployment)\`, \`A Deployment declaring \${REPLICAS} replicas\`),
      points: 30,
      hints: [text('\`spec.replicas\`를 쓰지 않으면 1이 된다.', '\`spec.replicas\` defaults to 1.')],
      run(ctx) {
        const d = ctx.objects<Deployment>('Deployment')[0];
        if (!d) return fail(text('디플로이먼트가 없다.', 'there is no Deployment.'));
        const replicas = d.object.spec?.replicas ?? 1;
        if (replicas === REPLICAS) return pass(text(\`레플리카가 \${REPLICAS}개다.\`, \`\${REPLICAS} replicas.\`));
        const at = d.at(['spec', 'replicas']);
        return fail(text(\`\\\`spec.replicas\\\`가 \${formatPosition(at)}에서 \${replicas}이다; 실습은 \${REPLICAS}을 요구한다.\`, \`\\\`spec.replicas\\\` is \${replicas} at \${formatPosition(at)}; the lab asks for \${REPLICAS}.\`), [at]);
      },
    },
    {
      id: 'pods-ready',
      title: text('60초 뒤 파드가 Ready다', 'After 60 s the pods are Ready'),
      points: 50,
      async run(ctx) {
        const d = ctx.objects<Deployment>('Deployment')[0];
        if (!d) return fail(text('디플로이먼트가 없다.', 'there is no Deployment.'));
        const { backend } = await ctx.cluster();
        const pods = await podsOfDeployment(backend, d.object.metadata.name!, d.object.metadata.namespace);
        const ready = pods.filter(isRunningAndReady).length;
        const why = pods.map(podProblem).find((p) => p !== undefined);
        const want = d.object.spec?.replicas ?? 1;
        const msg = text(\`파드 \${pods.length}개 중 \${ready}개가 Ready다.\${why ? \` \${why.ko}.\` : ''}\`, \`\${ready} of \${pods.length} pods are Ready.\${why ? \` \${why.en}.\` : ''}\`);
        return ready >= want && ready > 0 ? pass(msg) : partial(ready, want, msg, why ? [d.at(['spec', 'template', 'spec', 'containers', 0, 'image'])] : []);
      },
    },
  ],
});
`;
}

function lessonStub(id: string, title: string, module: number): string {
  return `---
title: ${JSON.stringify(title)}
description: TODO
module: ${module}
labs:
  - ${id}
sidebar:
  order: 99
---
import Lab from '~/components/Lab.astro';

{/* Move this file into content/<module folder>/ (and its English twin into content/en/<module folder>/). */}

<Lab id="${id}" />
`;
}

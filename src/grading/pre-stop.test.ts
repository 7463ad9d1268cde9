import type { Container } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { failuresAsPodsLeave, judgePreStop, preStopSeconds } from './pre-stop.ts';

const images = { 'shop/web:1': { ports: [8080], hookSeconds: 2 } };
const web = (preStop?: NonNullable<Container['lifecycle']>['preStop']): Container => ({ name: 'web', image: 'shop/web:1', ...(preStop ? { lifecycle: { preStop } } : {}) });

describe('preStopSeconds', () => {
  it('reads the wait as the kubelet runs the hook: sleep, exec through the shell, the image tool, httpGet', () => {
    expect(preStopSeconds(images, web())).toBe(0);
    expect(preStopSeconds(images, web({ sleep: { seconds: 5 } }))).toBe(5);
    expect(preStopSeconds(images, web({ exec: { command: ['sleep', '5'] } }))).toBe(5);
    expect(preStopSeconds(images, web({ exec: { command: ['sh', '-c', 'sleep 3 && echo bye'] } }))).toBe(3);
    expect(preStopSeconds(images, web({ exec: { command: ['/app/shop-web', 'shutdown'] } }))).toBe(2);
    expect(preStopSeconds({}, web({ exec: { command: ['/app/shop-web', 'shutdown'] } }))).toBe(0);
    expect(preStopSeconds(images, web({ httpGet: { path: '/drain', port: 8080 } }))).toBe(2);
  });

  it('never waits past the grace period: the kubelet sends SIGTERM when it ends', () => {
    expect(preStopSeconds(images, web({ sleep: { seconds: 60 } }))).toBe(30);
    expect(preStopSeconds(images, web({ sleep: { seconds: 60 } }), 10)).toBe(10);
    expect(preStopSeconds(images, web({ exec: { command: ['sleep', 'infinity'] } }), 15)).toBe(15);
    expect(preStopSeconds(images, web({ sleep: { seconds: 5 } }), 0)).toBe(0);
  });
});

describe('judgePreStop', () => {
  it('a wait at least as long as kube-proxy takes covers it', () => {
    expect(judgePreStop(images, web({ sleep: { seconds: 1 } }), undefined, 1)).toEqual({ seconds: 1, hook: true, covers: true });
    expect(judgePreStop(images, web(), undefined, 0)).toEqual({ seconds: 0, hook: false, covers: true });
  });

  it('says why a pod without a long enough wait loses requests, in Korean and English', () => {
    const none = judgePreStop(images, web(), undefined, 1);
    expect(none).toMatchObject({ seconds: 0, hook: false, covers: false });
    expect(none.cause?.en).toBe('the container has no preStop wait, so it got SIGTERM at once and closed its port, while kube-proxy takes 1 s to drop the pod from its rules');
    expect(none.cause?.ko).toContain('preStop 대기가 없어');
    const short = judgePreStop(images, web({ sleep: { seconds: 5 } }), 0, 1);
    expect(short).toMatchObject({ seconds: 0, hook: true, covers: false });
    expect(short.cause?.en).toBe('the preStop wait (0 s) is shorter than the 1 s kube-proxy takes to update its rules');
    expect(short.cause?.ko).toBe('preStop 대기(0초)가 kube-proxy가 규칙을 고치는 데 걸리는 1초보다 짧다');
  });
});

describe('failuresAsPodsLeave', () => {
  it('keeps the seconds with failures from the second a pod left until kube-proxy had dropped it, plus one', () => {
    const traffic = [10, 11, 12, 13, 14, 20].map((t) => ({ t, value: { ok: 100, failed: t === 11 ? 0 : 5, p95ms: 20 } }));
    expect(failuresAsPodsLeave(traffic, [10], 1).map((s) => s.t)).toEqual([10, 12]);
    expect(failuresAsPodsLeave(traffic, [10], 3).map((s) => s.t)).toEqual([10, 12, 13, 14]);
    expect(failuresAsPodsLeave(traffic, [10, 19], 1).map((s) => s.t)).toEqual([10, 12, 20]);
    expect(failuresAsPodsLeave(traffic, [], 1)).toEqual([]);
  });
});

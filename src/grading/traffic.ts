/**
 * What the clients of a Service saw on the simulator, second by second, and how graders turn failed
 * requests into points: by failure-rate bands (a spike), or with zero tolerance for an outage (a rollout).
 */
import { text, type Text } from '../kube/text.ts';
import type { Cluster } from '../sim/cluster.ts';
import type { Sample } from './scenario.ts';

export interface TrafficSecond {
  ok: number;
  failed: number;
  /** 95th-percentile latency of the requests served, in milliseconds (0 when none were). */
  p95ms: number;
}

/** The last simulated second of traffic to a Service (zeros before any traffic, or off the simulator). */
export function lastSecond(sim: Cluster | undefined, namespace: string, service: string): TrafficSecond {
  const s = sim?.traffic.lastSecond.get(`${namespace}/${service}`);
  return { ok: s?.ok ?? 0, failed: s?.failed ?? 0, p95ms: s?.p95ms ?? 0 };
}

export interface TrafficSum {
  ok: number;
  failed: number;
  total: number;
  /** failed / total; 1 when nothing was sent (no traffic reached the Service is as bad as all failing). */
  rate: number;
}

export function sumTraffic(samples: readonly Sample<Pick<TrafficSecond, 'ok' | 'failed'>>[]): TrafficSum {
  let ok = 0;
  let failed = 0;
  for (const s of samples) {
    ok += s.value.ok;
    failed += s.value.failed;
  }
  const total = ok + failed;
  return { ok, failed, total, rate: total === 0 ? 1 : failed / total };
}

/** The seconds in which requests were sent and every one of them failed: an outage. */
export function outages<T extends Pick<TrafficSecond, 'ok' | 'failed'>>(samples: readonly Sample<T>[]): Sample<T>[] {
  return samples.filter((s) => s.value.failed > 0 && s.value.ok === 0);
}

/** A failure rate as a percentage with one decimal, e.g. "2.5%". */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The share of the points a failure rate earns under load: at most 1 %, all; under 2.5 %, 3/4; under 5 %, 1/2; under 10 %, 1/4. */
export function shareForFailureRate(rate: number): number {
  if (rate <= 0.01) return 1;
  if (rate < 0.025) return 0.75;
  if (rate < 0.05) return 0.5;
  if (rate < 0.1) return 0.25;
  return 0;
}

/**
 * Zero downtime: no failed request earns everything; a second in which every request failed (an
 * outage) earns nothing; otherwise under 1 % failed earns 3/4, under 5 % 1/2, under 10 % 1/4.
 */
export function zeroDowntimeShare(samples: readonly Sample<Pick<TrafficSecond, 'ok' | 'failed'>>[]): { share: number; outage?: Sample<Pick<TrafficSecond, 'ok' | 'failed'>>; outageSeconds: number } {
  const { total, failed, rate } = sumTraffic(samples);
  const down = outages(samples);
  if (total > 0 && failed === 0) return { share: 1, outageSeconds: 0 };
  if (down.length > 0) return { share: 0, outage: down[0]!, outageSeconds: down.length };
  return { share: rate < 0.01 ? 0.75 : rate < 0.05 ? 0.5 : rate < 0.1 ? 0.25 : 0, outageSeconds: 0 };
}

/** "of the 2000 requests sent to Service web between t=70 s and t=190 s, 12 (0.6%) failed", without a full stop. */
export function failedRequests(service: string, from: number, to: number, { total, failed, rate }: TrafficSum): Text {
  return text(
    `t=${from}초부터 t=${to}초까지 서비스 ${service}(으)로 보낸 요청 ${total}개 중 ${failed}개(${percent(rate)})가 실패했다`,
    `of the ${total} requests sent to Service ${service} between t=${from} s and t=${to} s, ${failed} (${percent(rate)}) failed`,
  );
}

/** "From t=75 s there were 8 second(s) in which every request failed (an outage)", without a full stop. */
export function describeOutage(from: number, seconds: number): Text {
  return text(`t=${from}초부터 모든 요청이 실패한 초가 ${seconds}번 있었다(서비스 중단)`, `From t=${from} s there were ${seconds} second(s) in which every request failed (an outage)`);
}

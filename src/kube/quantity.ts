/**
 * Kubernetes resource quantities (`500m`, `2`, `128Mi`, `1G`, `1e3`), parsed as
 * k8s.io/apimachinery/pkg/api/resource/quantity.go does: a signed decimal number with a binary-SI,
 * decimal-SI or decimal-exponent suffix.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The numeric value of a quantity, or undefined when it is not one (the API server would reject it). */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

/** CPU in millicores, rounded up as Quantity.MilliValue() does. */
export function milliCpu(value: unknown): number | undefined {
  const q = parseQuantity(value);
  return q === undefined ? undefined : Math.ceil(Math.round(q * 1e9) / 1e6);
}

/** Memory (or any byte quantity) in bytes, rounded up as Quantity.Value() does. */
export function bytes(value: unknown): number | undefined {
  const q = parseQuantity(value);
  return q === undefined ? undefined : Math.ceil(q - 1e-9);
}

export function isQuantity(value: unknown): boolean {
  return parseQuantity(value) !== undefined;
}

/**
 * Go's `omitempty` on an integer field: a zero is not written to JSON, so the API server's answers do
 * not carry it (`unavailableReplicas: 0` never appears on a Deployment). Status objects are built with
 * every count and passed through here; the fields whose Go tags lack `omitempty` are named in `keep`.
 */
export function omitZero<T extends object>(status: T, keep: readonly (keyof T)[] = []): T {
  const out = { ...status };
  for (const k of Object.keys(out) as (keyof T)[]) if (out[k] === 0 && !keep.includes(k)) delete out[k];
  return out;
}

/**
 * The namespaces a grading creates on a real cluster: one per namespace the submission uses
 * (`default` → `<base>`, `shop` → `<base>-shop`), named after the lab and the submission with a
 * random suffix, labelled so that an administrator can find (and clean up) every one of them.
 */
export const MANAGED_BY = 'orchestra';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_LAB = 'orchestra.dev/lab';
export const LABEL_SUBMISSION = 'orchestra.dev/submission';
export const ANNOTATION_SUBMISSION = 'orchestra.dev/submission-name';

/** A DNS-1123 label fragment: lower case, [a-z0-9-], no leading or trailing dash. */
export function slug(s: string, max: number): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max)
    .replace(/-$/g, '');
  return out === '' ? 'x' : out;
}

/** `orchestra-first-deployment-alice-7k2xq`, at most 48 characters so that suffixes fit in 63. */
export function namespaceBase(lab: string, submission: string, random: string): string {
  const labPart = slug(lab, 20);
  const subPart = slug(
    submission
      .split(/[\\/]/)
      .filter((p) => p !== '')
      .pop() ?? submission,
    14,
  );
  return `orchestra-${labPart}-${subPart}-${random}`.slice(0, 48).replace(/-$/, '');
}

export class NamespaceMap {
  readonly base: string;
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  constructor(base: string) {
    this.base = base;
  }

  /** The real namespace of a submission namespace (`default` when none). */
  map(namespace: string | undefined): string {
    const ns = namespace ?? 'default';
    let real = this.forward.get(ns);
    if (!real) {
      real = ns === 'default' ? this.base : `${this.base}-${slug(ns, 63 - this.base.length - 1)}`;
      this.forward.set(ns, real);
      this.backward.set(real, ns);
    }
    return real;
  }

  /** The submission namespace of a real one (the real one when it is not ours). */
  unmap(real: string | undefined): string | undefined {
    if (real === undefined) return undefined;
    return this.backward.get(real) ?? real;
  }

  isOurs(real: string): boolean {
    return this.backward.has(real);
  }

  all(): string[] {
    return [...this.backward.keys()];
  }
}

/**
 * The image catalog: containers do not run in the simulator; an image's entry says how it behaves.
 * Lab authors add entries in lab.yaml (`images:`); an image that is in no catalog fails to pull
 * (ErrImagePull), as an unknown image does on a real cluster.
 */
export interface ImageBehavior {
  /** Seconds to pull the image onto a node (once per node when imagePullPolicy allows caching). */
  pullSeconds?: number;
  /** Seconds from container start until its ports answer. */
  startSeconds?: number;
  /** Ports that answer probes and traffic. */
  ports?: number[];
  /** httpGet paths that answer 200; any path when absent. */
  healthPaths?: string[];
  /** Memory the process uses, in MiB. */
  memoryMi?: number;
  /** CPU used when idle, in millicores. */
  cpuMillicoresIdle?: number;
  /** Lines the container writes to its log at start. */
  logs?: string[];
  /** Time to answer one request when not under load, in milliseconds (default 10). */
  latencyMs?: number;
  /** CPU used per request per second it serves, in millicores (for the traffic model). */
  cpuMillicoresPerRps?: number;
  /** The process exits on its own this many seconds after start, with `exitCode` (default 1): a crash. */
  crashAfterSeconds?: number;
  /** The process runs to completion after this many seconds, with `exitCode` (default 0): a batch job. */
  exitAfterSeconds?: number;
  exitCode?: number;
  /**
   * A flaky app: the first N containers of this image started in the cluster fail, exiting with code 1
   * when a normal run would end (`exitAfterSeconds`; at once without it); later ones run normally.
   * A dependency that refuses the first attempts, such as a database still waking up.
   */
  failFirstRuns?: number;
  /** The process keeps running but stops answering (probes time out) this many seconds after start: a hang. */
  hangAfterSeconds?: number;
  /** Seconds the process needs to exit after SIGTERM (default 0); past the grace period it is killed. */
  shutdownSeconds?: number;
  /**
   * A lifecycle hook the image's own tool serves: an exec hook running a program other than `sleep`,
   * `exit`, `true`, `false` … (say `nginx -s quit`) takes `hookSeconds` (default 0) and exits with
   * `hookExitCode` (default 0; anything else fails the hook); an httpGet hook to a port the app answers
   * takes `hookSeconds` and succeeds whatever it answers (pkg/kubelet/lifecycle/handlers.go).
   */
  hookSeconds?: number;
  hookExitCode?: number;
  /** Environment variables the app needs: without one it exits with code 1 at start, saying which. */
  requiresEnv?: string[];
  /** Files (absolute paths) the app reads at start: without one it exits with code 1, saying which. */
  requiresFiles?: string[];
  /**
   * Where the app keeps its data. On a persistent volume that an earlier run wrote, the app finds its
   * data again; anywhere else (the container's own file system, an emptyDir) it starts empty.
   */
  dataPath?: string;
  /** A shell image (busybox, alpine): what it does is decided by the container's command and args. */
  shell?: boolean;
}

export interface ImageRef {
  /** Repository without the default registry: `nginx`, `shop/web`, `ghcr.io/org/app`. */
  repository: string;
  /** Tag, or `latest` when none is given; empty for digests. */
  tag: string;
}

/** Parses an image reference, dropping the implicit `docker.io/` and `library/` as the runtime does. */
export function parseImage(image: string): ImageRef {
  let ref = image.trim();
  let tag = 'latest';
  const at = ref.indexOf('@');
  if (at >= 0) {
    tag = '';
    ref = ref.slice(0, at);
  } else {
    const slash = ref.lastIndexOf('/');
    const colon = ref.lastIndexOf(':');
    if (colon > slash) {
      tag = ref.slice(colon + 1);
      ref = ref.slice(0, colon);
    }
  }
  ref = ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return { repository: ref, tag };
}

interface CatalogEntry {
  behavior: ImageBehavior;
  /** Tags that exist in the registry (regular expression); every tag when absent. */
  tags?: RegExp;
}

/**
 * Tags an official image publishes: named tags, and version lines (`1.27`, `1.27.3`) within the
 * releases that exist, optionally with a variant suffix (`-alpine`). A typo such as `nginx:1.277`
 * is not a tag and fails to pull, as on Docker Hub.
 */
function versionTags(lines: string): RegExp {
  return new RegExp(`^(latest|stable|mainline|alpine|bookworm|trixie|slim|(${lines})(\\.\\d{1,2})?(-(alpine|bookworm|trixie|slim|perl|otel))*)$`);
}

const DEFAULTS: Record<string, CatalogEntry> = {
  nginx: { behavior: { pullSeconds: 2, startSeconds: 1, ports: [80], memoryMi: 8, cpuMillicoresIdle: 1, cpuMillicoresPerRps: 0.2, latencyMs: 2, logs: ['/docker-entrypoint.sh: Configuration complete; ready for start up'] }, tags: versionTags('1|1\\.(1[0-9]|2[0-9]|30)') },
  httpd: { behavior: { pullSeconds: 2, startSeconds: 1, ports: [80], memoryMi: 10, cpuMillicoresIdle: 1, logs: ["AH00094: Command line: 'httpd -D FOREGROUND'"] }, tags: versionTags('2|2\\.4') },
  redis: { behavior: { pullSeconds: 2, startSeconds: 1, ports: [6379], memoryMi: 8, cpuMillicoresIdle: 2, dataPath: '/data', logs: ['Ready to accept connections tcp'] }, tags: versionTags('[5-8]|[5-8]\\.[0-9]') },
  postgres: { behavior: { pullSeconds: 4, startSeconds: 4, ports: [5432], memoryMi: 40, cpuMillicoresIdle: 3, dataPath: '/var/lib/postgresql/data', logs: ['database system is ready to accept connections'] }, tags: versionTags('1[2-8]') },
  busybox: { behavior: { pullSeconds: 1, startSeconds: 0, shell: true, memoryMi: 1 }, tags: /^(latest|stable|musl|glibc|uclibc|1\.3[0-7](\.\d{1,2})?(-(musl|glibc|uclibc))?)$/ },
  alpine: { behavior: { pullSeconds: 1, startSeconds: 0, shell: true, memoryMi: 1 }, tags: /^(latest|edge|3(\.(1[5-9]|2[0-3]))?(\.\d{1,2})?)$/ },
  mysql: { behavior: { pullSeconds: 5, startSeconds: 8, ports: [3306, 33060], memoryMi: 360, cpuMillicoresIdle: 5, dataPath: '/var/lib/mysql', logs: ['ready for connections.'] }, tags: versionTags('5\\.7|8|8\\.[0-4]|9|9\\.[0-5]') },
};

export class ImageCatalog {
  private readonly exact = new Map<string, ImageBehavior>();
  private readonly repos: Record<string, CatalogEntry>;

  /** `extra` maps image references (`shop/web:v1`, or a repository for every tag) to behaviours. */
  constructor(extra: Record<string, ImageBehavior> = {}, base: Record<string, CatalogEntry> = DEFAULTS) {
    this.repos = { ...base };
    for (const [image, behavior] of Object.entries(extra)) {
      const ref = parseImage(image);
      if (image.includes(':') || image.includes('@')) this.exact.set(`${ref.repository}:${ref.tag}`, behavior);
      else this.repos[ref.repository] = { behavior };
    }
  }

  /** How an image behaves, or undefined when pulling it would fail ("not found"). */
  resolve(image: string): ImageBehavior | undefined {
    const ref = parseImage(image);
    const exact = this.exact.get(`${ref.repository}:${ref.tag}`);
    if (exact) return exact;
    const entry = this.repos[ref.repository];
    if (!entry) return undefined;
    if (entry.tags && ref.tag !== '' && !entry.tags.test(ref.tag)) return undefined;
    return entry.behavior;
  }
}

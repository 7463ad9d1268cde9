/**
 * The images on one node and its image puller. Pulls are serialized, as the kubelet does by default
 * (serializeImagePulls: true, pkg/kubelet/images/puller.go serialImagePuller): a pull waits for the
 * one before it, and a second request for an image already being pulled waits for that pull.
 */
export interface PullTicket {
  /** When the image is on the node. */
  doneAtMs: number;
  /** How long the pull itself took (0 when already present). */
  pullMs: number;
}

export class NodeImages {
  private readonly present = new Set<string>();
  private readonly inFlight = new Map<string, number>();
  private busyUntilMs = 0;

  has(image: string): boolean {
    return this.present.has(image);
  }

  /** Asks for an image at `nowMs`; the caller marks it present with `arrived` when `doneAtMs` comes. */
  request(image: string, pullMs: number, nowMs: number): PullTicket {
    const pending = this.inFlight.get(image);
    if (pending !== undefined) return { doneAtMs: pending, pullMs: 0 };
    const start = Math.max(nowMs, this.busyUntilMs);
    const doneAtMs = start + pullMs;
    this.busyUntilMs = doneAtMs;
    this.inFlight.set(image, doneAtMs);
    return { doneAtMs, pullMs };
  }

  arrived(image: string): void {
    this.inFlight.delete(image);
    this.present.add(image);
  }
}

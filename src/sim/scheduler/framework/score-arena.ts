/**
 * Score arrays carved out of large shared buffers. Every attempt needs a few arrays of one number per
 * feasible node (hundreds on a big cluster), and explanations keep the latest ones. Allocating each as
 * its own typed array, or a fresh buffer every time one fills up, costs more than the scoring itself
 * (off-heap allocations, page faults); so buffers are counted and reused once no kept explanation
 * refers to any part of them.
 */
const CHUNK = 1 << 18; // 256 Ki numbers, 2 MiB

interface Chunk {
  buf: Float64Array;
  /** Allocations from this buffer not yet released. */
  live: number;
}

export interface ArenaArray {
  array: Float64Array;
  /** Gives the numbers back: the array must not be used afterwards. */
  release(): void;
}

export class ScoreArena {
  private chunk: Chunk = { buf: new Float64Array(CHUNK), live: 0 };
  private used = 0;
  private readonly free: Chunk[] = [];

  /** A zero-filled array of `n` numbers. */
  alloc(n: number): ArenaArray {
    if (n > CHUNK) return { array: new Float64Array(n), release: () => {} };
    if (this.used + n > CHUNK) {
      const next = this.free.pop();
      if (next) next.buf.fill(0);
      this.chunk = next ?? { buf: new Float64Array(CHUNK), live: 0 };
      this.used = 0;
    }
    const c = this.chunk;
    const array = c.buf.subarray(this.used, this.used + n);
    this.used += n;
    c.live++;
    let released = false;
    return {
      array,
      release: () => {
        if (released) return;
        released = true;
        if (--c.live === 0 && c !== this.chunk) this.free.push(c);
      },
    };
  }
}

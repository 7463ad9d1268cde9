import type { Api } from './api.ts';
import type { Clock } from './clock.ts';
import type { EventRecorder } from './events.ts';
import type { ImageCatalog } from './kubelet/images.ts';
import type { Rng } from './rng.ts';
import type { Store } from './store.ts';

/** What every simulated component shares: time, randomness, the API and the event recorder. */
export interface SimContext {
  clock: Clock;
  rng: Rng;
  store: Store;
  api: Api;
  events: EventRecorder;
  images: ImageCatalog;
  /** What simulated apps wrote to persistent volumes: PV name → when and by which pod (for `dataPath` images). */
  volumeData: Map<string, { writtenAtMs: number; by: string }>;
  /** How many containers of each image (`repository:tag`) have started, for flaky images (`failFirstRuns`). */
  imageStarts: Map<string, number>;
}

import type { BlobStore } from "./blobstore/index.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import type { Database } from "./database/database.js";
import type { Ereignisse } from "./ereignisse.js";
import type { JobQueue } from "./jobs/job-queue.js";
import type { Logger } from "./logger.js";
import type { ExternalTools } from "./tools.js";

/** What every service works with; built once by the composition root (or a test). */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  blobs: BlobStore;
  jobs: JobQueue;
  log: Logger;
  tools: ExternalTools;
  /** Events to the layers above (subscribed by the composition root, `verdrahtung.ts`). */
  ereignisse: Ereignisse;
}

import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.js";
import { seedDemo, type DemoResult } from "./demo/seed.js";
import { jobHandlers, planeWiederkehrendes } from "./jobs.js";
import { vorwaermen, vorschauVorwaermen } from "./modules/content/index.js";
import { createBlobStore } from "./platform/blobstore/index.js";
import { systemClock, type Clock } from "./platform/clock.js";
import type { Config } from "./platform/config.js";
import { Ereignisse } from "./platform/ereignisse.js";
import { verdrahte } from "./verdrahtung.js";
import type { AppContext } from "./platform/context.js";
import type { Database } from "./platform/database/database.js";
import { migrate } from "./platform/database/migrate.js";
import { openDatabase, type OpenOptions } from "./platform/database/open.js";
import { JobQueue } from "./platform/jobs/job-queue.js";
import { Worker } from "./platform/jobs/worker.js";
import { createLogger, type Logger } from "./platform/logger.js";
import { schliesseParserPool } from "./platform/parser-pool/pool.js";
import { detectTools } from "./platform/tools.js";

/** Opens database (migrated), blob store and tools: the context every command works in. */
export async function createContext(
  config: Config,
  open: Pick<OpenOptions, "befehl" | "mode">,
  options: { log?: Logger; clock?: Clock; db?: Database } = {},
): Promise<AppContext> {
  const log = options.log ?? createLogger(config.logLevel);
  const db =
    options.db ??
    (await openDatabase(config, {
      ...open,
      log: (message) => log.info(message),
      // A worker holds one connection for LISTEN and one per scan-folder or mailbox run (its node
      // lock) besides one per running job: fewer and the jobs wait for each other's connections.
      poolSize: open.befehl === "serve" ? 20 : Math.max(5, config.workerConcurrency + 3),
    }));
  try {
    await migrate(db, (message) => log.info(message));
    const blobs = createBlobStore(config.blobStore);
    const clock = options.clock ?? systemClock;
    return verdrahte({
      config,
      db,
      clock,
      blobs,
      jobs: new JobQueue(db, clock),
      log,
      tools: await detectTools(),
      ereignisse: new Ereignisse(),
    });
  } catch (error) {
    await db.close();
    throw error;
  }
}

export function createWorker(ctx: AppContext, concurrency = ctx.config.workerConcurrency): Worker {
  void vorwaermen().then(vorschauVorwaermen);
  return new Worker(ctx.jobs, jobHandlers(ctx), ctx.log.child({ komponente: "worker" }), {
    concurrency,
    periodic: { intervalMs: 10_000, run: () => planeWiederkehrendes(ctx) },
  });
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  demo: DemoResult;
  close(): Promise<void>;
}

/**
 * `aktenwerk serve`: database (migrated), demo county on an empty database, HTTP server, and the
 * in-process worker. `close` finishes running requests and jobs, then stops the embedded database.
 */
export async function startServer(
  config: Config,
  options: { demo: boolean; log?: Logger },
): Promise<RunningServer> {
  const ctx = await createContext(config, { befehl: "serve", mode: "exclusive" }, { log: options.log });
  let app: FastifyInstance | undefined;
  let worker: Worker | undefined;
  try {
    const demo = options.demo
      ? await seedDemo(ctx, config.demoPassword, { historie: true })
      : { angelegt: false };
    app = await buildApp(ctx);
    const url = await app.listen({ port: config.port, host: config.host });
    if (config.inProcessWorker) {
      worker = createWorker(ctx);
      worker.start();
    }
    const running: RunningServer = {
      app,
      ctx,
      url,
      demo,
      close: async () => {
        await app!.close();
        await worker?.stop();
        await schliesseParserPool();
        await ctx.db.close();
      },
    };
    return running;
  } catch (error) {
    await app?.close().catch(() => undefined);
    await ctx.db.close();
    throw error;
  }
}

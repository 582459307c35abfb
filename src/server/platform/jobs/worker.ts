import type { Logger } from "../logger.js";
import { newWorkerId, type Job, type JobQueue } from "./job-queue.js";

export interface JobContext {
  job: Job;
  /** Aborted when the worker shuts down or the lease is lost; long handlers should honour it. */
  signal: AbortSignal;
  log: Logger;
}

/** Handlers must be idempotent: after a crash a job may run again from the start. */
export type JobHandler = (nutzlast: Record<string, unknown>, context: JobContext) => Promise<void>;

/** A handler throws this for failures that no retry can fix (the job goes straight to "tot"). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

export interface WorkerOptions {
  concurrency: number;
  pollMs?: number;
  leaseMs?: number;
  /** Periodic housekeeping (expired sessions, old jobs); called at most once per interval. */
  periodic?: { intervalMs: number; run: () => Promise<void> };
}

/** Runs jobs from the queue; several workers (threads of one process or separate processes) may share it. */
export class Worker {
  readonly id = newWorkerId();
  readonly #running = new Set<Promise<void>>();
  readonly #controller = new AbortController();
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  /** A wake-up that came while the loop was busy (claiming, not sleeping): it must not sleep then. */
  #geweckt = false;
  #lastPeriodic = 0;
  /** Resolves to the function that ends listening (undefined when LISTEN failed). */
  #horchen: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
  ) {}

  get #leaseMs(): number {
    return this.options.leaseMs ?? 5 * 60_000;
  }

  /** Claims and runs due jobs until none is left; returns how many ran. For tests and benchmarks. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      await this.queue.recoverExpired();
      const jobs = await this.queue.claim(this.id, this.options.concurrency, this.#leaseMs);
      if (jobs.length === 0) return total;
      await Promise.all(jobs.map((job) => this.#run(job)));
      total += jobs.length;
    }
  }

  start(): void {
    if (this.#loop) return;
    this.#loop = this.#poll();
    // New jobs wake the loop at once; polling remains the fallback (and finds due retries).
    this.#horchen = this.queue
      .listen(() => this.#wecke())
      .catch((error: unknown) => {
        this.log.warn({ err: error }, "Job-Worker: LISTEN nicht möglich, es bleibt beim Abfragen");
        return undefined;
      });
  }

  /** Stops claiming, waits for running jobs to finish (they see the abort signal). */
  async stop(): Promise<void> {
    // A stop right after start waits for LISTEN to be set up, so it can end it.
    await (
      await this.#horchen
    )?.();
    this.#controller.abort();
    this.#wecke();
    await this.#loop;
    await Promise.allSettled([...this.#running]);
  }

  async #poll(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    while (!this.#controller.signal.aborted) {
      let claimed = 0;
      try {
        await this.#maybePeriodic();
        await this.queue.recoverExpired();
        const free = this.options.concurrency - this.#running.size;
        if (free > 0) {
          const jobs = await this.queue.claim(this.id, free, this.#leaseMs);
          claimed = jobs.length;
          for (const job of jobs) {
            const run = this.#run(job).finally(() => {
              this.#running.delete(run);
              this.#wecke();
            });
            this.#running.add(run);
          }
        }
      } catch (error) {
        this.log.error({ err: error }, "Job-Worker: Abfrage der Warteschlange fehlgeschlagen");
      }
      if (claimed > 0 && this.#running.size < this.options.concurrency) continue;
      // A stop or a new job announced during this round: no sleep (it could last pollMs).
      if (this.#geweckt || this.#controller.signal.aborted) {
        this.#geweckt = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Ends the loop's sleep, or, while it is busy, tells it not to sleep after this round. */
  #wecke(): void {
    if (this.#wake) this.#wake();
    else this.#geweckt = true;
  }

  async #maybePeriodic(): Promise<void> {
    const periodic = this.options.periodic;
    if (!periodic || Date.now() - this.#lastPeriodic < periodic.intervalMs) return;
    this.#lastPeriodic = Date.now();
    await periodic.run();
  }

  async #run(job: Job): Promise<void> {
    const log = this.log.child({ job: job.id, art: job.art, versuch: job.versuche });
    const handler = this.handlers[job.art];
    if (!handler) {
      await this.queue.fail(job, this.id, new Error(`Unbekannte Jobart "${job.art}"`), { endgueltig: true });
      return;
    }
    const controller = new AbortController();
    const onStop = () => controller.abort();
    this.#controller.signal.addEventListener("abort", onStop);
    const heartbeat = setInterval(() => {
      void this.queue.renew(job, this.id, this.#leaseMs).then((ours) => {
        if (!ours) controller.abort();
      });
    }, this.#leaseMs / 3);
    try {
      await handler(job.nutzlast, { job, signal: controller.signal, log });
      await this.queue.complete(job, this.id);
    } catch (error) {
      const status = await this.queue.fail(job, this.id, error, {
        endgueltig: error instanceof PermanentJobError,
      });
      log[status === "tot" ? "error" : "warn"]({ err: error }, `Job fehlgeschlagen (${status})`);
    } finally {
      clearInterval(heartbeat);
      this.#controller.signal.removeEventListener("abort", onStop);
    }
  }
}

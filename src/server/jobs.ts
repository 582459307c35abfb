import { aufraeumen } from "./modules/access/authentication.service.js";
import { JOB_TEXTERKENNUNG, verarbeiteVersion } from "./modules/content/content.service.js";
import type { AppContext } from "./platform/context.js";
import type { JobHandler } from "./platform/jobs/worker.js";

/** Every job type the worker knows, by name; modules add their handlers here. */
export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    /** Hourly housekeeping: expired sessions, old login attempts, finished jobs. */
    /** Text of a Dokument version: text layer, Office, e-mail, OCR with a PDF rendition. */
    [JOB_TEXTERKENNUNG]: (nutzlast) => verarbeiteVersion(ctx, nutzlast),
    wartung: async () => {
      await aufraeumen(ctx);
      await ctx.jobs.purgeFinished(7);
    },
  };
}

/** Enqueues housekeeping once per hour across all workers (the key deduplicates). */
export async function scheduleWartung(ctx: AppContext): Promise<void> {
  const stunde = ctx.clock.now().toISOString().slice(0, 13);
  await ctx.jobs.enqueue(ctx.db, "wartung", {}, { schluessel: stunde });
}

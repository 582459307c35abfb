import {
  holeImapPost,
  JOB_IMAP,
  JOB_POSTEINGANG,
  JOB_SCANORDNER,
  pruefeScanOrdner,
  verarbeiteEintrag,
} from "./modules/posteingang/index.js";
import { aufraeumen, gleicheVerzeichnisAb, verzeichnisZusammenfassung } from "./modules/access/index.js";
import {
  erzeugeVorschauBild,
  JOB_TEXTERKENNUNG,
  JOB_VORSCHAU,
  verarbeiteVersion,
} from "./modules/content/index.js";
import { JOB_TAGESLAUF, tageslauf } from "./modules/workflow/index.js";
import { indexiereAllesNeu, indexiereNeu, JOB_SUCHINDEX_NEU } from "./modules/suche/index.js";
import {
  JOB_BERICHT,
  JOB_KENNZAHLEN,
  naechtlicheBerechnung,
  planmaessigerBericht,
} from "./modules/steuerung/index.js";
import type { AppContext } from "./platform/context.js";
import { JOB_NACH_CTYPE_UMZUG } from "./platform/database/ctype-umzug.js";
import type { JobHandler } from "./platform/jobs/worker.js";

/** The scheduled directory sync. */
export const JOB_VERZEICHNISABGLEICH = "verzeichnisabgleich";

/** Every job type the worker knows, by name; modules add their handlers here. */
export function jobHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    /** Hourly housekeeping: expired sessions, old login attempts, finished jobs. */
    /** Text of a Dokument version: text layer, Office, e-mail, OCR with a PDF rendition. */
    [JOB_TEXTERKENNUNG]: (nutzlast) => verarbeiteVersion(ctx, nutzlast),
    /** First-page preview of a Dokument version, after its text. */
    [JOB_VORSCHAU]: (nutzlast) => erzeugeVorschauBild(ctx, nutzlast),
    /** Text and Vorgang suggestion of a Posteingang item. */
    [JOB_POSTEINGANG]: (nutzlast) => verarbeiteEintrag(ctx, nutzlast),
    /** One look into every configured scan folder. */
    [JOB_SCANORDNER]: async () => void (await pruefeScanOrdner(ctx)),
    /** One round over the configured mailboxes. */
    [JOB_IMAP]: async () => void (await holeImapPost(ctx)),
    /** Once a day: overdue Fristen, escalations, digests, e-mails. */
    [JOB_TAGESLAUF]: async () => void (await tageslauf(ctx)),
    /** After the database moved to a UTF-8 LC_CTYPE: the search vectors computed anew. */
    [JOB_NACH_CTYPE_UMZUG]: async () => void (await indexiereAllesNeu(ctx)),
    /** Index rows written with older rules (e.g. before compounds split by the lexicon), anew; resumable. */
    [JOB_SUCHINDEX_NEU]: async () => void (await indexiereNeu(ctx)),
    /** The scheduled directory sync (AKTENWERK_LDAP_SYNC_MINUTEN); its report is stored. */
    [JOB_VERZEICHNISABGLEICH]: async () => {
      const bericht = await gleicheVerzeichnisAb(ctx, { ausgeloest: "zeitplan" });
      ctx.log.info({ berichtId: bericht.id }, verzeichnisZusammenfassung(bericht).split("\n").join(" "));
    },
    /** Once a night: the Kennzahlen of the days since the last run. */
    [JOB_KENNZAHLEN]: async () => void (await naechtlicheBerechnung(ctx)),
    /** Once a day: the Verwaltungsbericht on the month or quarter just over, if the Steuerung scheduled one. */
    [JOB_BERICHT]: async () => void (await planmaessigerBericht(ctx)),
    wartung: async () => {
      await aufraeumen(ctx);
      await ctx.jobs.purgeFinished(7);
    },
  };
}

/**
 * The recurring work, enqueued from every worker's loop every few seconds; keys deduplicate it
 * across workers: housekeeping once per hour, a look into the scan folders and a round over the
 * mailboxes while none is pending.
 */
export async function planeWiederkehrendes(ctx: AppContext): Promise<void> {
  const stunde = ctx.clock.now().toISOString().slice(0, 13);
  await ctx.jobs.enqueue(ctx.db, "wartung", {}, { schluessel: stunde });
  // The run itself notices when today's is done (one row per day), so enqueueing hourly is enough.
  await ctx.jobs.enqueue(ctx.db, JOB_TAGESLAUF, {}, { schluessel: stunde });
  const ldap = ctx.config.ldap;
  if (ldap && ldap.syncMinuten > 0) {
    // One per interval: the key is the interval's number since the epoch.
    const intervall = Math.floor(ctx.clock.now().getTime() / (ldap.syncMinuten * 60_000));
    await ctx.jobs.enqueue(ctx.db, JOB_VERZEICHNISABGLEICH, {}, { schluessel: `verzeichnis:${intervall}` });
  }
  // Once per day (the key is the date); the run itself continues after the last computed day.
  await ctx.jobs.enqueue(ctx.db, JOB_KENNZAHLEN, {}, { schluessel: stunde.slice(0, 10) });
  // In the morning, after the night's Kennzahlen; the run itself files each period's report once.
  if (stunde.slice(11, 13) >= "06")
    await ctx.jobs.enqueue(ctx.db, JOB_BERICHT, {}, { schluessel: stunde.slice(0, 10) });
  // Once per day; a run finds nothing to do (one query) unless the indexing rules changed.
  await ctx.jobs.enqueue(ctx.db, JOB_SUCHINDEX_NEU, {}, { schluessel: `suchindex:${stunde.slice(0, 10)}` });
  if (ctx.config.scanOrdner.length > 0)
    await ctx.jobs.enqueue(ctx.db, JOB_SCANORDNER, {}, { schluessel: "scanordner" });
  // The configured mailboxes, polled like the scan folders: one round while none is pending.
  if (ctx.config.imap.length > 0) await ctx.jobs.enqueue(ctx.db, JOB_IMAP, {}, { schluessel: "imap" });
}

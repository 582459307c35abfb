import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { canonicalJson } from "../../platform/canonical.js";
import type { Clock } from "../../platform/clock.js";
import type { AppContext } from "../../platform/context.js";
import type { Queryable, Tx, VorCommit } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../../platform/akteur.js";
import { darfProtokollLesen } from "./protokoll.policy.js";
import * as repository from "./protokoll.repository.js";
import type { NeuerProtokollEintrag, ProtokollAktion, ProtokollEintrag } from "./protokoll.types.js";

/** How the Protokoll names a person: "Vorname Nachname (benutzername)". */
function personName(p: { benutzername: string; anzeigename: string }): string {
  return `${p.anzeigename} (${p.benutzername})`;
}

/** The name the Protokoll records for whoever acts (also shown as "geändert von"). */
export function akteurName(akteur: Akteur | "system", systemName = "System"): string {
  return akteur === "system" ? systemName : personName(akteur.benutzer);
}

export const GENESIS_HASH = "0".repeat(64);

/** What an entry's hash is taken over: every field but the hash itself. */
function hashFelder(e: Omit<ProtokollEintrag, "hash">): Record<string, unknown> {
  return {
    nr: e.nr,
    zeit: e.zeit,
    akteurId: e.akteurId,
    akteurName: e.akteurName,
    imAuftragVonId: e.imAuftragVonId,
    imAuftragVonName: e.imAuftragVonName,
    aktion: e.aktion,
    objektArt: e.objektArt,
    objektId: e.objektId,
    details: e.details,
    vorherigerHash: e.vorherigerHash,
  };
}

/** The hash of an entry: SHA-256 over the canonical JSON of every field but the hash itself. */
export function hashEintrag(e: Omit<ProtokollEintrag, "hash">): string {
  return createHash("sha256")
    .update(canonicalJson(hashFelder(e)), "utf8")
    .digest("hex");
}

/** jsonb cannot hold U+0000, and a round trip through it must give back the same canonical form. */
function sanitiseDetails(details: object): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_key, value: unknown) =>
      typeof value === "string" ? value.replaceAll("\u0000", "") : value,
    ),
  ) as Record<string, unknown>;
}

/**
 * An entry's canonical JSON in the three parts around the two values only the chain knows (its
 * number and its predecessor's hash), for `protokoll_anhaengen` to join and hash in the database:
 * the same bytes `hashEintrag` hashes. The parts are found by unguessable stand-ins.
 */
export function kanonischeTeile(e: Omit<ProtokollEintrag, "hash" | "nr" | "vorherigerHash">): {
  vor: string;
  mitte: string;
  nach: string;
} {
  const nr = `nr-${randomUUID()}`;
  const vorher = `vorher-${randomUUID()}`;
  // The stand-in for the number is a string for now; the split below takes its quotes away.
  const mitStandIns = canonicalJson(
    hashFelder({ ...e, nr: nr as unknown as number, vorherigerHash: vorher }),
  );
  // nr is a number in the hashed form: its stand-in goes without quotes; the hash stays a string.
  const [vor, rest, ...mehrNr] = mitStandIns.split(`"${nr}"`);
  const [mitte, nach, ...mehrVorher] = (rest ?? "").split(vorher);
  if (mehrNr.length || mehrVorher.length || rest === undefined || nach === undefined)
    throw new Error("Protokolleintrag nicht eindeutig zerlegbar");
  return { vor: vor!, mitte: mitte!, nach };
}

/** The entries a transaction appends to the chain when it commits (see `schreibeProtokollInTx`). */
class Protokollanhang implements VorCommit {
  readonly eintraege: (Omit<ProtokollEintrag, "hash" | "nr" | "vorherigerHash"> & {
    vor: string;
    mitte: string;
    nach: string;
  })[] = [];

  sql(): string {
    return this.eintraege.length
      ? `SELECT protokoll_anhaengen(${pg.escapeLiteral(JSON.stringify(this.eintraege))})`
      : "";
  }
}

/**
 * Appends an entry inside the caller's transaction, so it commits or rolls back with the change
 * it records. Everything is computed now; the entry joins the chain at the very end of the
 * transaction, in the round trip of its COMMIT (`protokoll_anhaengen`): only there is the chain
 * lock taken, so appends are serialised for no longer than the database needs, and the chain
 * never forks. Entries of one transaction follow each other in the order they were written. The
 * details must have the shape `ProtokollDetails` gives the action.
 */
export async function schreibeProtokollInTx<A extends ProtokollAktion>(
  tx: Tx,
  clock: Clock,
  neu: NeuerProtokollEintrag<A>,
): Promise<void> {
  // Whatever the action, the details are stored as the object they are.
  const details: object | undefined = (neu as { details?: object }).details;
  const entry: Omit<ProtokollEintrag, "hash" | "nr" | "vorherigerHash"> = {
    zeit: clock.now().toISOString(),
    akteurId: neu.akteur === "system" ? null : neu.akteur.benutzer.id,
    akteurName: akteurName(neu.akteur, neu.systemName),
    imAuftragVonId: neu.imAuftragVon?.id ?? null,
    imAuftragVonName: neu.imAuftragVon ? personName(neu.imAuftragVon) : null,
    aktion: neu.aktion,
    objektArt: neu.objektArt,
    objektId: neu.objektId,
    details: sanitiseDetails(details ?? {}),
  };
  tx.vorCommit("protokoll", () => new Protokollanhang()).eintraege.push({
    ...entry,
    ...kanonischeTeile(entry),
  });
}

/**
 * The demo county's history: one entry "demo.taetigkeit" per person and active day, back-dated to
 * `zeit`, appended to the chain in bulk with numbers and hashes as usual (only their times lie
 * before the entries ahead of them). It feeds the share of active members; only for seeding an
 * empty demo installation.
 */
export async function schreibeDemoTaetigkeit(
  ctx: AppContext,
  taetigkeiten: { zeit: Date; person: { id: string; benutzername: string; anzeigename: string } }[],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await repository.lockChain(tx);
    const last = await repository.lastEntry(tx);
    let nr = last?.nr ?? 0;
    let vorherigerHash = last?.hash ?? GENESIS_HASH;
    const eintraege: ProtokollEintrag[] = taetigkeiten.map((t) => {
      const entry: Omit<ProtokollEintrag, "hash"> = {
        nr: ++nr,
        zeit: t.zeit.toISOString(),
        akteurId: t.person.id,
        akteurName: personName(t.person),
        imAuftragVonId: null,
        imAuftragVonName: null,
        aktion: "demo.taetigkeit",
        objektArt: "system",
        objektId: "demo",
        details: {},
        vorherigerHash,
      };
      vorherigerHash = hashEintrag(entry);
      return { ...entry, hash: vorherigerHash };
    });
    await repository.insertEntries(tx, eintraege);
  });
}

export type VerifyResult =
  | { ok: true; anzahl: number; letzterHash: string }
  | { ok: false; anzahl: number; nr: number; grund: string };

/**
 * Walks the whole chain: numbering without gaps, each entry's link to its predecessor, and each
 * entry's own hash. Reports the first entry that does not hold.
 */
export async function verifyProtokoll(
  db: Queryable,
  onProgress: (geprueft: number) => void = () => undefined,
): Promise<VerifyResult> {
  let previousHash = GENESIS_HASH;
  let expectedNr = 1;
  let count = 0;
  for (;;) {
    const page = await repository.entriesAfter(db, expectedNr - 1, 5000);
    if (page.length === 0) break;
    for (const entry of page) {
      if (entry.nr !== expectedNr) {
        return { ok: false, anzahl: count, nr: expectedNr, grund: `Eintrag ${expectedNr} fehlt (gelöscht).` };
      }
      if (entry.vorherigerHash !== previousHash) {
        return {
          ok: false,
          anzahl: count,
          nr: entry.nr,
          grund: `Eintrag ${entry.nr} verweist nicht auf den Hash seines Vorgängers.`,
        };
      }
      const { hash, ...rest } = entry;
      if (hashEintrag(rest) !== hash) {
        return {
          ok: false,
          anzahl: count,
          nr: entry.nr,
          grund: `Eintrag ${entry.nr} wurde nachträglich verändert (Hash stimmt nicht).`,
        };
      }
      previousHash = hash;
      expectedNr++;
      count++;
    }
    onProgress(count);
  }
  return { ok: true, anzahl: count, letzterHash: previousHash };
}

export interface ProtokollSuche {
  objekt?: string;
  objektArt?: string;
  akteur?: string;
  vor?: number;
  limit?: number;
}

/** A page of the Protokoll, newest first; only for the audit roles. */
export async function listProtokoll(
  db: Queryable,
  actor: Akteur,
  suche: ProtokollSuche,
): Promise<{ eintraege: ProtokollEintrag[]; naechsteSeite: number | null }> {
  if (!darfProtokollLesen(actor)) {
    throw new AppError(
      "keine_berechtigung",
      "Das Protokoll dürfen nur Administration und Datenschutz einsehen.",
    );
  }
  const limit = suche.limit ?? 50;
  const eintraege = await repository.findEntries(db, {
    objektId: suche.objekt,
    objektArt: suche.objektArt,
    akteurId: suche.akteur,
    vorNr: suche.vor,
    limit,
  });
  const last = eintraege.at(-1);
  return { eintraege, naechsteSeite: eintraege.length === limit && last ? last.nr : null };
}

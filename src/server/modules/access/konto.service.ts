import { createHash } from "node:crypto";
import argon2 from "argon2";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfZugriffVerwalten } from "./access.policy.js";
import * as accessRepo from "./access.repository.js";
import { hashPasswort, pruefePasswort } from "./access.service.js";
import { type Akteur } from "./access.types.js";
import * as repo from "./authentication.repository.js";
import { entziehZugaengeInTx } from "./zugaenge.js";
import { protokolliereFehlversuch, zaehleAnmeldeversuch, type ClientInfo } from "./authentication.service.js";

// "Mein Konto": one's own password, sessions and (in authentication.service) tokens; and what
// the Administration does to someone's account: reset the password, end all sessions.

/**
 * The id a session is shown and ended by: derived from the stored hash, so the list never
 * carries the key the cookie is looked up with.
 */
export function oeffentlicheSitzungsId(sitzungHash: string): string {
  return createHash("sha256").update(`sitzung-anzeige:${sitzungHash}`).digest("hex").slice(0, 32);
}

/** "Firefox unter Windows" from a User-Agent header; a rough name is enough to recognise a device. */
export function geraetAusUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unbekanntes Gerät";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chromium\//.test(userAgent)
        ? "Chromium"
        : /(Chrome|HeadlessChrome)\//.test(userAgent)
          ? "Chrome"
          : /Safari\//.test(userAgent)
            ? "Safari"
            : null;
  const system = /Windows/.test(userAgent)
    ? "Windows"
    : /(iPhone|iPad)/.test(userAgent)
      ? "iOS"
      : /Android/.test(userAgent)
        ? "Android"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  if (browser && system) return `${browser} unter ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

/** One of the user's own sessions as "Mein Konto" lists it. */
export interface Sitzung {
  id: string;
  geraet: string;
  ip: string | null;
  anmeldeverfahren: string;
  /** The second factor the sign-in was completed with, null for none. */
  faktor: string | null;
  erstelltAm: string;
  zuletztAktivAm: string;
  laeuftAbAm: string;
  /** The session this request came with. */
  aktuell: boolean;
}

/** The actor's own valid sessions; nobody sees another user's sessions. */
export async function listSitzungen(ctx: AppContext, actor: Akteur): Promise<Sitzung[]> {
  const rows = await repo.listSitzungenVon(
    ctx.db,
    actor.benutzer.id,
    ctx.clock.now(),
    ctx.config.sessionIdleMinutes,
  );
  return rows.map((r) => ({
    id: oeffentlicheSitzungsId(r.id),
    geraet: geraetAusUserAgent(r.user_agent),
    ip: r.ip,
    anmeldeverfahren: r.anmeldeverfahren,
    faktor: r.faktor,
    erstelltAm: r.erstellt_am.toISOString(),
    zuletztAktivAm: r.zuletzt_aktiv_am.toISOString(),
    laeuftAbAm: r.laeuft_ab_am.toISOString(),
    aktuell: r.id === actor.sitzungId,
  }));
}

/** Ends one of the actor's own sessions ("Sitzung beenden"); another user's is as unknown as none (404). */
export async function beendeSitzung(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const rows = await repo.listSitzungenVon(
      tx,
      actor.benutzer.id,
      ctx.clock.now(),
      ctx.config.sessionIdleMinutes,
    );
    const row = rows.find((r) => oeffentlicheSitzungsId(r.id) === id);
    if (!row) throw nichtGefunden("Die Sitzung");
    await repo.deleteSitzung(tx, row.id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "sitzung.beendet",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: {
        sitzung: id,
        geraet: geraetAusUserAgent(row.user_agent),
        ip: row.ip,
        aktuell: row.id === actor.sitzungId,
      },
    });
  });
}

/** Administration: signs a user out everywhere (a lost laptop, a suspicion). */
export async function beendeAlleSitzungen(
  ctx: AppContext,
  caller: Akteur | "system",
  benutzerId: string,
): Promise<number> {
  if (caller !== "system" && !darfZugriffVerwalten(caller))
    throw new AppError("keine_berechtigung", "Sitzungen anderer beendet nur die Administration.");
  return ctx.db.transaction(async (tx) => {
    if (!(await accessRepo.findBenutzer(tx, { id: benutzerId }))) throw nichtGefunden("Der Benutzer");
    const anzahl = await repo.deleteSitzungenAusser(tx, benutzerId, null);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "sitzungen.beendet",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { anzahl, grund: "administration" },
    });
    return anzahl;
  });
}

/**
 * Sets a password. One's own only with the current one (checked and throttled like a login; a
 * wrong one counts as a failed attempt), keeping the session it is done in. The Administration
 * resets anyone else's; then all of that user's sessions end. Either way all tokens are revoked,
 * in the same transaction as the new hash.
 */
export async function setzePasswort(
  ctx: AppContext,
  caller: Akteur | "system",
  benutzerId: string,
  input: { passwort: string; aktuellesPasswort?: string },
  client?: ClientInfo,
): Promise<void> {
  const eigenes = caller !== "system" && caller.benutzer.id === benutzerId;
  if (caller !== "system" && !eigenes && !darfZugriffVerwalten(caller))
    throw new AppError("keine_berechtigung", "Passwörter anderer setzt nur die Administration zurück.");
  const konto = await accessRepo.findBenutzer(ctx.db, { id: benutzerId });
  if (!konto) throw nichtGefunden("Der Benutzer");
  pruefePasswort(input.passwort);
  let versuchId: string | null = null;
  if (eigenes) {
    if (!input.aktuellesPasswort)
      throw new AppError("ungueltige_eingabe", "Bitte geben Sie Ihr bisheriges Passwort ein.", {
        fehler: [{ feld: "/aktuellesPasswort", meldung: "Pflichtfeld." }],
      });
    const ip = client?.ip ?? "unbekannt";
    versuchId = await zaehleAnmeldeversuch(ctx, konto.benutzername, ip);
    const ok =
      konto.passwortHash !== null &&
      (await argon2.verify(konto.passwortHash, input.aktuellesPasswort.normalize("NFC")).catch(() => false));
    if (!ok) {
      await protokolliereFehlversuch(ctx, konto.benutzername, ip, "passwortaenderung", caller);
      throw new AppError("ungueltige_eingabe", "Das bisherige Passwort ist falsch.", {
        fehler: [{ feld: "/aktuellesPasswort", meldung: "Das bisherige Passwort ist falsch." }],
      });
    }
  }
  const hash = await hashPasswort(input.passwort);
  await ctx.db.transaction(async (tx) => {
    if (versuchId) await repo.markiereErfolgreich(tx, versuchId);
    await accessRepo.setPasswortHash(tx, benutzerId, hash, ctx.clock.now());
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "benutzer.passwort_gesetzt",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { durch: eigenes ? "selbst" : "administration" },
    });
    const behalten = eigenes ? (caller.sitzungId ?? null) : null;
    await entziehZugaengeInTx(tx, ctx, caller, benutzerId, behalten);
  });
}

/**
 * Orders or cancels the acting user's daily e-mail report (Workflow sends it), in the caller's
 * transaction; a change is recorded in the Protokoll. Returns the value before, or undefined when
 * the account is gone.
 */
export async function setzeTagesberichtInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  tagesbericht: boolean,
): Promise<boolean | undefined> {
  const vorher = await accessRepo.setTagesbericht(tx, actor.benutzer.id, tagesbericht);
  if (vorher !== undefined && vorher !== tagesbericht)
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "benachrichtigung.tagesbericht_geaendert",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { tagesbericht },
    });
  return vorher;
}

import { istUuid } from "../../platform/pruefungen.js";
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { geraeteklasse } from "../../platform/http/geraeteklasse.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfTokenVerwalten } from "./access.policy.js";
import * as accessRepo from "./access.repository.js";
import { hashPasswort, loadActor } from "./access.service.js";
import { type Akteur, type Benutzer } from "./access.types.js";
import * as repo from "./authentication.repository.js";
import type { Tx } from "../../platform/database/database.js";
import { brauchtZweitenFaktor, vorhandeneFaktoren } from "./zweiter-faktor.pflicht.js";

export const SESSION_COOKIE = "aktenwerk_sitzung";
export const TOKEN_PREFIX = "akw_";
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

/**
 * Failed attempts allowed in 15 minutes. Keyed on address and account, so one person mistyping
 * behind the county's proxy (1,300 staff on one address) locks out nobody else; the account-wide
 * limit stops guessing one password from many addresses, the address-wide one guessing many accounts.
 */
export const ANMELDE_LIMITS = { kontoAnAdresse: 5, konto: 20, adresse: 100 } as const;

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * A way to prove who someone is. Local passwords now; OIDC or LDAP plug in as further
 * authenticators that return the same Benutzer, and sessions work the same for all of them.
 */
export interface Authenticator {
  readonly verfahren: string;
  authenticate(
    ctx: AppContext,
    credentials: { benutzername: string; passwort: string },
  ): Promise<Benutzer | null>;
}

let dummyHash: Promise<string> | undefined;

export const localPasswordAuthenticator: Authenticator = {
  verfahren: "passwort",
  async authenticate(ctx, { benutzername, passwort }) {
    const name = benutzername.trim().toLowerCase();
    // With local sign-in switched off only the break-glass account keeps its password.
    const erlaubt = ctx.config.lokaleAnmeldung || name === ctx.config.notfallkonto;
    const found = erlaubt ? await accessRepo.findBenutzer(ctx.db, { benutzername: name }) : undefined;
    if (!found || !found.passwortHash || !found.aktiv) {
      // Same work for unknown users, so timing does not reveal which accounts exist.
      dummyHash ??= hashPasswort(randomBytes(16).toString("hex"));
      await argon2.verify(await dummyHash, passwort).catch(() => false);
      return null;
    }
    const ok = await argon2.verify(found.passwortHash, passwort.normalize("NFC")).catch(() => false);
    if (!ok) return null;
    const { passwortHash: _omit, ...benutzer } = found;
    return benutzer;
  },
};

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export interface LoginResult {
  /** Cookie value; never stored, only its hash. */
  sitzungToken: string;
  csrfToken: string;
  laeuftAbAm: Date;
  actor: Akteur;
  /**
   * `voll`: signed in. `zweiter_faktor`: the password was right, the second factor is still owed
   * (the cookie opens only the routes that take it). `einrichtung`: a role requires a second factor
   * the user has not set up; the cookie opens only its enrolment.
   */
  stufe: repo.Sitzungsstufe;
  /** For `zweiter_faktor`: what the sign-in can be completed with. */
  faktoren?: ("totp" | "passkey" | "wiederherstellungscode")[];
}

/** How long a sign-in may wait for its second factor, and for the enrolment a role requires. */
export const ZWEITER_FAKTOR_MINUTEN = 5;
export const EINRICHTUNG_MINUTEN = 15;

/**
 * Creates a session row of a stufe and returns its cookie, in the caller's transaction. A full
 * session writes the `anmeldung` entry of the Protokoll with method and factor.
 */
export async function erstelleSitzungInTx(
  ctx: AppContext,
  tx: Tx,
  benutzer: Benutzer,
  s: { verfahren: string; faktor: string | null; stufe: repo.Sitzungsstufe; client: ClientInfo },
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const sitzungToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const minuten =
    s.stufe === "voll"
      ? ctx.config.sessionMaxHours * 60
      : s.stufe === "zweiter_faktor"
        ? ZWEITER_FAKTOR_MINUTEN
        : EINRICHTUNG_MINUTEN;
  const laeuftAbAm = new Date(now.getTime() + minuten * 60_000);
  const sitzungId = sha256(sitzungToken);
  await repo.insertSitzung(tx, {
    id: sitzungId,
    benutzerId: benutzer.id,
    csrfToken,
    verfahren: s.verfahren,
    now,
    laeuftAbAm,
    ip: s.client.ip,
    userAgent: s.client.userAgent?.slice(0, 500) ?? null,
    stufe: s.stufe,
    faktor: s.faktor,
  });
  const actor: Akteur = { ...(await loadActor(tx, benutzer, "sitzung", sitzungId)), stufe: s.stufe };
  if (s.stufe === "voll")
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "anmeldung",
      objektArt: "benutzer",
      objektId: benutzer.id,
      details: {
        verfahren: s.verfahren,
        ip: s.client.ip,
        faktor: s.faktor,
        geraet: geraeteklasse(s.client.userAgent),
      },
    });
  return { sitzungToken, csrfToken, laeuftAbAm, actor, stufe: s.stufe };
}

/**
 * Counts a password check before it runs (see `beginneAnmeldeversuch`): refused with 429 and
 * Retry-After when a limit is reached; otherwise the attempt's id, to mark it successful later.
 * A refused attempt is not stored, so waiting is enough to get in again.
 */
export async function zaehleAnmeldeversuch(
  ctx: AppContext,
  benutzername: string,
  ip: string,
): Promise<string> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const z = await repo.beginneAnmeldeversuch(tx, {
      zeit: now,
      benutzername,
      ip,
      seit: new Date(now.getTime() - THROTTLE_WINDOW_MS),
    });
    const blocked = (
      [
        [z.kontoAnAdresse, ANMELDE_LIMITS.kontoAnAdresse],
        [z.konto, ANMELDE_LIMITS.konto],
        [z.adresse, ANMELDE_LIMITS.adresse],
      ] as const
    ).filter(([zaehler, limit]) => zaehler.anzahl > limit && zaehler.aelteste);
    if (blocked.length === 0) return z.id;
    // Free again once the oldest counted failure leaves the window.
    const until = Math.max(...blocked.map(([zaehler]) => zaehler.aelteste!.getTime() + THROTTLE_WINDOW_MS));
    const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    throw new AppError(
      "zu_viele_versuche",
      `Nach zu vielen fehlgeschlagenen Anmeldungen in 15 Minuten ist die Anmeldung vorübergehend gesperrt. Bitte in ${Math.ceil(retryAfter / 60)} Minute(n) erneut versuchen.`,
      { headers: { "retry-after": String(retryAfter) } },
    );
  });
}

/**
 * Writes a failed password check to the Protokoll: the name tried and the address, never the
 * password. An existing account is the object (so its history shows it), otherwise the name.
 */
export async function protokolliereFehlversuch(
  ctx: AppContext,
  benutzername: string,
  ip: string,
  zweck: "anmeldung" | "passwortaenderung" | "zweiter_faktor",
  /** Who tried, when signed in (a password change); otherwise nobody known. */
  akteur?: Akteur,
): Promise<void> {
  const konto = await accessRepo.findBenutzer(ctx.db, { benutzername });
  await ctx.db.transaction(async (tx) => {
    await schreibeProtokollInTx(tx, ctx.clock, {
      ...(akteur ? { akteur } : { akteur: "system", systemName: "Nicht angemeldet" }),
      aktion: "anmeldung.fehlgeschlagen",
      objektArt: konto ? "benutzer" : "anmeldung",
      objektId: konto?.id ?? benutzername,
      details: { benutzername, ip, zweck },
    });
  });
}

/**
 * Signs in with a password. Every attempt is counted before the password is checked and
 * throttled per address and account (see ANMELDE_LIMITS); failures and successes are in the Protokoll.
 */
export async function login(
  ctx: AppContext,
  credentials: { benutzername: string; passwort: string },
  client: ClientInfo,
  authenticator: Authenticator = localPasswordAuthenticator,
): Promise<LoginResult> {
  const benutzername = credentials.benutzername.trim().toLowerCase().slice(0, 200);
  const versuchId = await zaehleAnmeldeversuch(ctx, benutzername, client.ip);
  const benutzer = await authenticator.authenticate(ctx, credentials);
  if (!benutzer) {
    await protokolliereFehlversuch(ctx, benutzername, client.ip, "anmeldung");
    throw new AppError("anmeldung_fehlgeschlagen");
  }
  return ctx.db.transaction(async (tx) => {
    await repo.markiereErfolgreich(tx, versuchId);
    // A user with a factor always gives it; one whose role requires a factor and has none sets one up first.
    const faktoren = await vorhandeneFaktoren(tx, benutzer.id);
    const stufe: repo.Sitzungsstufe =
      faktoren.length > 0
        ? "zweiter_faktor"
        : (await brauchtZweitenFaktor(tx, benutzer.id))
          ? "einrichtung"
          : "voll";
    const result = await erstelleSitzungInTx(ctx, tx, benutzer, {
      verfahren: authenticator.verfahren,
      faktor: null,
      stufe,
      client,
    });
    return stufe === "zweiter_faktor"
      ? { ...result, faktoren: [...faktoren, "wiederherstellungscode"] }
      : result;
  });
}

/** The actor behind a session cookie, or undefined when it is unknown, expired or idle too long. */
export async function resolveSitzung(
  ctx: AppContext,
  token: string,
): Promise<{ actor: Akteur; csrfToken: string; stufe: repo.Sitzungsstufe } | undefined> {
  const sitzung = await repo.findSitzung(ctx.db, sha256(token));
  if (!sitzung) return undefined;
  const now = ctx.clock.now();
  const idleLimit = sitzung.zuletzt_aktiv_am.getTime() + ctx.config.sessionIdleMinutes * 60_000;
  if (sitzung.laeuft_ab_am <= now || idleLimit <= now.getTime()) {
    await repo.deleteSitzung(ctx.db, sitzung.id);
    return undefined;
  }
  // The user and their memberships in one query: the actor's access context, once per request.
  const found = await accessRepo.benutzerMitMitgliedschaften(ctx.db, sitzung.benutzer_id);
  if (!found || !found.benutzer.aktiv) return undefined;
  // Sliding idle timeout, written at most once a minute to spare the database.
  if (now.getTime() - sitzung.zuletzt_aktiv_am.getTime() > 60_000)
    await repo.touchSitzung(ctx.db, sitzung.id, now);
  const { benutzer, mitgliedschaften } = found;
  return {
    actor: { benutzer, mitgliedschaften, via: "sitzung", sitzungId: sitzung.id, stufe: sitzung.stufe },
    csrfToken: sitzung.csrf_token,
    stufe: sitzung.stufe,
  };
}

export async function logout(ctx: AppContext, actor: Akteur): Promise<void> {
  if (!actor.sitzungId) return;
  const sitzungId = actor.sitzungId;
  await ctx.db.transaction(async (tx) => {
    await repo.deleteSitzung(tx, sitzungId);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "abmeldung",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
    });
  });
}

// --- API tokens ----------------------------------------------------------------------------

export interface ApiToken {
  id: string;
  benutzerId: string;
  name: string;
  /** The first characters, so a user can tell tokens apart; the token itself is shown once. */
  praefix: string;
  /** What the token may do: `lesen` reads only, `posteingang` delivers to the Posteingang only, `voll` all the user may. */
  bereich: "lesen" | "posteingang" | "voll";
  erstelltAm: string;
  laeuftAbAm: string | null;
  widerrufenAm: string | null;
  zuletztBenutztAm: string | null;
}

function toApiToken(r: repo.ApiTokenRow): ApiToken {
  return {
    id: r.id,
    benutzerId: r.benutzer_id,
    name: r.name,
    praefix: r.praefix,
    bereich: r.bereich,
    erstelltAm: r.erstellt_am.toISOString(),
    laeuftAbAm: r.laeuft_ab_am?.toISOString() ?? null,
    widerrufenAm: r.widerrufen_am?.toISOString() ?? null,
    zuletztBenutztAm: r.zuletzt_benutzt_am?.toISOString() ?? null,
  };
}

/** A token without an expiry date given runs out after a year; none lives longer than two. */
export const TOKEN_STANDARD_TAGE = 365;
export const TOKEN_MAX_TAGE = 730;

/**
 * Creates a token for a user (Fachverfahren); the secret is returned once and stored only hashed.
 * Expiry: as given (at most TOKEN_MAX_TAGE ahead), else TOKEN_STANDARD_TAGE from now.
 */
export async function createApiToken(
  ctx: AppContext,
  caller: Akteur | "system",
  input: { benutzer: string; name: string; laeuftAbAm?: Date | null; bereich?: ApiToken["bereich"] },
): Promise<{ token: string; apiToken: ApiToken }> {
  const name = input.name.normalize("NFC").trim();
  if (!name)
    throw new AppError("ungueltige_eingabe", "Bitte dem Token einen Namen geben.", {
      fehler: [{ feld: "/name", meldung: "Pflichtfeld." }],
    });
  const isUuid = istUuid(input.benutzer);
  const owner = await accessRepo.findBenutzer(
    ctx.db,
    isUuid ? { id: input.benutzer } : { benutzername: input.benutzer.toLowerCase() },
  );
  if (!owner) throw nichtGefunden("Der Benutzer");
  if (caller !== "system" && !darfTokenVerwalten(caller, owner.id)) {
    throw new AppError("keine_berechtigung", "Tokens anderer Benutzer verwaltet nur die Administration.");
  }
  const now = ctx.clock.now();
  if (input.laeuftAbAm && input.laeuftAbAm <= now) {
    throw new AppError("ungueltige_eingabe", "Das Ablaufdatum muss in der Zukunft liegen.", {
      fehler: [{ feld: "/laeuftAbAm", meldung: "Liegt in der Vergangenheit." }],
    });
  }
  if (input.laeuftAbAm && input.laeuftAbAm.getTime() > now.getTime() + TOKEN_MAX_TAGE * 86_400_000) {
    throw new AppError("ungueltige_eingabe", "Ein API-Token gilt höchstens zwei Jahre.", {
      fehler: [{ feld: "/laeuftAbAm", meldung: `Höchstens ${TOKEN_MAX_TAGE} Tage ab heute.` }],
    });
  }
  const laeuftAbAm = input.laeuftAbAm ?? new Date(now.getTime() + TOKEN_STANDARD_TAGE * 86_400_000);
  const secret = randomBytes(32).toString("base64url");
  const token = `${TOKEN_PREFIX}${secret}`;
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertApiToken(tx, {
      benutzerId: owner.id,
      name,
      tokenHash: sha256(token),
      praefix: token.slice(0, TOKEN_PREFIX.length + 6),
      now,
      erstelltVon: caller === "system" ? null : caller.benutzer.id,
      laeuftAbAm,
      bereich: input.bereich ?? "voll",
    });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "api_token.erstellt",
      objektArt: "benutzer",
      objektId: owner.id,
      details: {
        tokenId: row.id,
        name,
        praefix: row.praefix,
        bereich: row.bereich,
        laeuftAbAm: row.laeuft_ab_am?.toISOString() ?? null,
      },
    });
    return { token, apiToken: toApiToken(row) };
  });
}

export async function listApiTokens(
  ctx: AppContext,
  actor: Akteur,
  benutzerId?: string,
): Promise<ApiToken[]> {
  const owner = benutzerId ?? actor.benutzer.id;
  if (!darfTokenVerwalten(actor, owner)) throw new AppError("keine_berechtigung");
  return (await repo.listApiTokens(ctx.db, owner)).map(toApiToken);
}

export async function revokeApiToken(ctx: AppContext, caller: Akteur | "system", id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findApiToken(tx, id);
    // Someone else's token is as unknown as a missing one.
    if (!row || (caller !== "system" && !darfTokenVerwalten(caller, row.benutzer_id)))
      throw nichtGefunden("Das Token");
    if (row.widerrufen_am) return;
    await repo.revokeApiToken(tx, id, ctx.clock.now());
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: caller,
      aktion: "api_token.widerrufen",
      objektArt: "benutzer",
      objektId: row.benutzer_id,
      details: { tokenId: id, name: row.name, praefix: row.praefix },
    });
  });
}

/** The actor behind a Bearer token, or undefined when unknown, revoked or expired. */
export async function resolveApiToken(ctx: AppContext, token: string): Promise<Akteur | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await repo.findApiTokenByHash(ctx.db, sha256(token));
  const now = ctx.clock.now();
  if (!row || row.widerrufen_am || (row.laeuft_ab_am && row.laeuft_ab_am <= now)) return undefined;
  const found = await accessRepo.benutzerMitMitgliedschaften(ctx.db, row.benutzer_id);
  if (!found || !found.benutzer.aktiv) return undefined;
  if (!row.zuletzt_benutzt_am || now.getTime() - row.zuletzt_benutzt_am.getTime() > 60_000) {
    await repo.touchApiToken(ctx.db, row.id, now);
  }
  const { benutzer, mitgliedschaften } = found;
  return { benutzer, mitgliedschaften, via: "token", sitzungId: undefined, tokenBereich: row.bereich };
}

/** Housekeeping: expired sessions and login attempts older than a day. */
export async function aufraeumen(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await repo.deleteAbgelaufeneSitzungen(ctx.db, now, ctx.config.sessionIdleMinutes);
  await repo.deleteAlteAnmeldeversuche(ctx.db, new Date(now.getTime() - 24 * 3600_000));
}

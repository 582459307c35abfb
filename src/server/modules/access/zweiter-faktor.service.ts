import { randomBytes, timingSafeEqual } from "node:crypto";
import argon2 from "argon2";
import { HOTP, Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfZugriffVerwalten } from "./access.policy.js";
import * as accessRepo from "./access.repository.js";
import { rollen as alleRollen, type Akteur, type Benutzer, type Rolle } from "./access.types.js";
import * as authRepo from "./authentication.repository.js";
import {
  erstelleSitzungInTx,
  protokolliereFehlversuch,
  zaehleAnmeldeversuch,
  type ClientInfo,
  type LoginResult,
} from "./authentication.service.js";
import {
  brauchtZweitenFaktor,
  IMMER_PFLICHT,
  pflichtRollen,
  vorhandeneFaktoren,
} from "./zweiter-faktor.pflicht.js";
import * as repo from "./zweiter-faktor.repository.js";

// The second factor: setting up TOTP and passkeys in "Mein Konto" (or during a sign-in whose role
// requires one), giving it at sign-in, recovery codes, and which roles require it.

const TOTP_PERIODE = 30;
const WIEDERHERSTELLUNGSCODES = 10;
const CHALLENGE_MINUTEN = 5;

/** The relying party: the public address of this Aktenwerk (AKTENWERK_URL). */
function relyingParty(ctx: AppContext): { rpID: string; origin: string; rpName: string } {
  const url = new URL(ctx.config.basisUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: `Aktenwerk – ${ctx.config.behoerde}` };
}

function benutzerOhneHash(found: NonNullable<Awaited<ReturnType<typeof accessRepo.findBenutzer>>>): Benutzer {
  const { passwortHash: _omit, ...benutzer } = found;
  return benutzer;
}

function sitzungIdVon(actor: Akteur): string {
  if (!actor.sitzungId)
    throw new AppError(
      "keine_berechtigung",
      "Das geht nur in einer angemeldeten Sitzung, nicht mit einem API-Token.",
    );
  return actor.sitzungId;
}

function codeFalsch(feld: string, meldung: string): AppError {
  return new AppError("zweiter_faktor_falsch", meldung, { fehler: [{ feld, meldung }] });
}

/** The TOTP code as typed: spaces and hyphens dropped; anything but six digits is plainly wrong. */
function normalisiereTotp(code: string): string | null {
  const c = code.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(c) ? c : null;
}

/**
 * The time step a code belongs to, if it is right for the step before, at or after now (a phone's
 * clock may be a little off), compared in constant time; null when it fits none.
 */
function totpSchritt(geheimnis: string, code: string, now: Date): number | null {
  const secret = Secret.fromBase32(geheimnis);
  const jetzt = TOTP.counter({ period: TOTP_PERIODE, timestamp: now.getTime() });
  let treffer: number | null = null;
  for (const schritt of [jetzt - 1, jetzt, jetzt + 1]) {
    const erwartet = Buffer.from(HOTP.generate({ secret, counter: schritt }));
    if (erwartet.length === code.length && timingSafeEqual(erwartet, Buffer.from(code))) treffer = schritt;
  }
  return treffer;
}

/** Ten codes like `K7QM-4XPA-2RTN`: 60 bits each, without letters that look alike. */
function neueWiederherstellungscodes(): string[] {
  const zeichen = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: WIEDERHERSTELLUNGSCODES }, () => {
    const bytes = randomBytes(12);
    const roh = [...bytes].map((b) => zeichen[b % zeichen.length]).join("");
    return `${roh.slice(0, 4)}-${roh.slice(4, 8)}-${roh.slice(8, 12)}`;
  });
}

function normalisiereWiederherstellungscode(code: string): string {
  const roh = code.toUpperCase().replace(/[^A-Z0-9]/g, "");
  return `${roh.slice(0, 4)}-${roh.slice(4, 8)}-${roh.slice(8, 12)}`;
}

/** New recovery codes for a user, replacing the old ones; returned in clear this once. */
async function erzeugeWiederherstellungscodesInTx(ctx: AppContext, tx: Tx, actor: Akteur): Promise<string[]> {
  const codes = neueWiederherstellungscodes();
  const hashes = await Promise.all(codes.map((c) => argon2.hash(c, { type: argon2.argon2id })));
  await repo.ersetzeWiederherstellungscodes(tx, actor.benutzer.id, hashes, ctx.clock.now());
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: actor,
    aktion: "zweiter_faktor.wiederherstellungscodes_erzeugt",
    objektArt: "benutzer",
    objektId: actor.benutzer.id,
    details: { anzahl: codes.length },
  });
  return codes;
}

/**
 * A sign-in that had to set up its factor is complete once it has: the restricted row gives way
 * to a full session (a new cookie), in the caller's transaction. Undefined for a full session.
 */
async function schliesseEinrichtungAbInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  client: ClientInfo,
): Promise<LoginResult | undefined> {
  if (actor.stufe !== "einrichtung") return undefined;
  const row = await authRepo.findSitzungForUpdate(tx, sitzungIdVon(actor));
  if (!row || row.stufe !== "einrichtung") throw new AppError("nicht_angemeldet");
  await authRepo.deleteSitzung(tx, row.id);
  return erstelleSitzungInTx(ctx, tx, actor.benutzer, {
    verfahren: row.anmeldeverfahren,
    faktor: "einrichtung",
    stufe: "voll",
    client,
  });
}

// --- status ----------------------------------------------------------------------------------

/** What "Mein Konto" shows about the second factor. */
export interface ZweiterFaktorStand {
  totp: boolean;
  passkeys: { id: string; name: string; erstelltAm: string; zuletztBenutztAm: string | null }[];
  wiederherstellungscodesUebrig: number;
  /** A role of the user requires a second factor. */
  erforderlich: boolean;
}

export async function zweiterFaktorStand(ctx: AppContext, actor: Akteur): Promise<ZweiterFaktorStand> {
  const id = actor.benutzer.id;
  const totp = await repo.findTotp(ctx.db, id);
  return {
    totp: Boolean(totp?.bestaetigt_am),
    passkeys: (await repo.listPasskeys(ctx.db, id)).map((p) => ({
      id: p.id,
      name: p.name,
      erstelltAm: p.erstellt_am.toISOString(),
      zuletztBenutztAm: p.zuletzt_benutzt_am?.toISOString() ?? null,
    })),
    wiederherstellungscodesUebrig: await repo.zaehleOffeneWiederherstellungscodes(ctx.db, id),
    erforderlich: await brauchtZweitenFaktor(ctx.db, id),
  };
}

// --- TOTP ------------------------------------------------------------------------------------

/** A new secret to scan: the QR code (SVG as data URL), the secret as text, the otpauth URI. */
export async function beginneTotpEinrichtung(
  ctx: AppContext,
  actor: Akteur,
): Promise<{ geheimnis: string; uri: string; qrCode: string }> {
  sitzungIdVon(actor);
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({
    issuer: `Aktenwerk ${ctx.config.behoerde}`,
    label: actor.benutzer.benutzername,
    secret,
    period: TOTP_PERIODE,
  });
  const gesetzt = await repo.setzeTotpEntwurf(ctx.db, actor.benutzer.id, secret.base32, ctx.clock.now());
  if (!gesetzt)
    throw new AppError(
      "konflikt",
      "Eine Authenticator-App ist bereits eingerichtet. Entfernen Sie sie zuerst, um eine neue einzurichten.",
    );
  const uri = totp.toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    geheimnis: secret.base32,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/**
 * Confirms the app with its first code (throttled like a password). The first factor of an account
 * comes with ten recovery codes; during a sign-in that had to set it up, the full session starts.
 */
export async function bestaetigeTotpEinrichtung(
  ctx: AppContext,
  actor: Akteur,
  code: string,
  client: ClientInfo,
): Promise<{ wiederherstellungscodes: string[] | null; sitzung?: LoginResult }> {
  sitzungIdVon(actor);
  const versuchId = await zaehleAnmeldeversuch(ctx, actor.benutzer.benutzername, client.ip);
  const ergebnis = await ctx.db.transaction(async (tx) => {
    const row = await repo.findTotpForUpdate(tx, actor.benutzer.id);
    if (!row) throw new AppError("konflikt", "Bitte beginnen Sie die Einrichtung der Authenticator-App neu.");
    if (row.bestaetigt_am) throw new AppError("konflikt", "Die Authenticator-App ist bereits eingerichtet.");
    const c = normalisiereTotp(code);
    const schritt = c ? totpSchritt(row.geheimnis, c, ctx.clock.now()) : null;
    if (schritt === null) return null;
    const ersterFaktor = (await vorhandeneFaktoren(tx, actor.benutzer.id)).length === 0;
    await repo.bestaetigeTotp(tx, actor.benutzer.id, schritt, ctx.clock.now());
    await authRepo.markiereErfolgreich(tx, versuchId);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zweiter_faktor.eingerichtet",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { art: "totp", waehrendAnmeldung: actor.stufe === "einrichtung" },
    });
    const wiederherstellungscodes = ersterFaktor
      ? await erzeugeWiederherstellungscodesInTx(ctx, tx, actor)
      : null;
    const sitzung = await schliesseEinrichtungAbInTx(ctx, tx, actor, client);
    return { wiederherstellungscodes, ...(sitzung ? { sitzung } : {}) };
  });
  if (!ergebnis) {
    await protokolliereFehlversuch(ctx, actor.benutzer.benutzername, client.ip, "zweiter_faktor", actor);
    throw codeFalsch(
      "/code",
      "Der Code stimmt nicht. Bitte geben Sie den aktuellen sechsstelligen Code der App ein.",
    );
  }
  return ergebnis;
}

/** Removes the app; not the last factor of someone whose role requires one. */
export async function entferneTotp(ctx: AppContext, actor: Akteur): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findTotpForUpdate(tx, actor.benutzer.id);
    if (!row?.bestaetigt_am) throw nichtGefunden("Die Authenticator-App");
    await pruefeNichtLetzterFaktorInTx(tx, actor.benutzer.id, "totp");
    await repo.deleteTotp(tx, actor.benutzer.id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zweiter_faktor.entfernt",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { art: "totp" },
    });
  });
}

async function pruefeNichtLetzterFaktorInTx(
  tx: Tx,
  benutzerId: string,
  art: "totp" | "passkey",
): Promise<void> {
  const totp = await repo.findTotp(tx, benutzerId);
  const passkeys = (await repo.listPasskeys(tx, benutzerId)).length;
  const bleiben =
    (art === "totp" ? 0 : totp?.bestaetigt_am ? 1 : 0) + (art === "passkey" ? passkeys - 1 : passkeys);
  if (bleiben === 0 && (await brauchtZweitenFaktor(tx, benutzerId)))
    throw new AppError(
      "konflikt",
      "Ihre Rolle verlangt einen zweiten Faktor. Richten Sie zuerst einen weiteren ein, bevor Sie diesen entfernen.",
    );
}

// --- passkeys --------------------------------------------------------------------------------

/** Options for `navigator.credentials.create()`; the challenge is kept on the session for 5 minutes. */
export async function passkeyRegistrierungOptionen(
  ctx: AppContext,
  actor: Akteur,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const sitzungId = sitzungIdVon(actor);
  const { rpID, rpName } = relyingParty(ctx);
  const vorhandene = await repo.listPasskeys(ctx.db, actor.benutzer.id);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: actor.benutzer.benutzername,
    userDisplayName: actor.benutzer.anzeigename,
    userID: new TextEncoder().encode(actor.benutzer.id),
    attestationType: "none",
    excludeCredentials: vorhandene.map((p) => ({ id: p.credential_id, transports: p.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await authRepo.setzeWebauthnChallenge(
    ctx.db,
    sitzungId,
    options.challenge,
    new Date(ctx.clock.now().getTime() + CHALLENGE_MINUTEN * 60_000),
  );
  return options;
}

/** The session's open challenge, taken (a challenge answers once); null when none or expired. */
async function nimmChallengeInTx(ctx: AppContext, tx: Tx, sitzungId: string): Promise<string | null> {
  const row = await authRepo.findSitzungForUpdate(tx, sitzungId);
  if (!row?.webauthn_challenge || !row.webauthn_challenge_bis) return null;
  await authRepo.setzeWebauthnChallenge(tx, sitzungId, null, null);
  return row.webauthn_challenge_bis > ctx.clock.now() ? row.webauthn_challenge : null;
}

/** Stores a new passkey from the browser's answer; like TOTP, the first factor brings recovery codes. */
export async function registrierePasskey(
  ctx: AppContext,
  actor: Akteur,
  input: { name?: string; antwort: RegistrationResponseJSON },
  client: ClientInfo,
): Promise<{
  passkey: ZweiterFaktorStand["passkeys"][number];
  wiederherstellungscodes: string[] | null;
  sitzung?: LoginResult;
}> {
  const sitzungId = sitzungIdVon(actor);
  const { rpID, origin } = relyingParty(ctx);
  const name = (input.name ?? "").normalize("NFC").trim().slice(0, 100) || "Passkey";
  return ctx.db.transaction(async (tx) => {
    const challenge = await nimmChallengeInTx(ctx, tx, sitzungId);
    if (!challenge)
      throw new AppError(
        "konflikt",
        "Die Anfrage für den Passkey ist abgelaufen. Bitte versuchen Sie es erneut.",
      );
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: input.antwort,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: false,
      });
    } catch (error) {
      throw new AppError("ungueltige_eingabe", "Der Passkey konnte nicht geprüft werden.", {
        fehler: [{ feld: "/antwort", meldung: "Die Antwort des Passkeys ist ungültig." }],
        cause: error,
      });
    }
    if (!verified.verified)
      throw new AppError("ungueltige_eingabe", "Der Passkey konnte nicht geprüft werden.", {
        fehler: [{ feld: "/antwort", meldung: "Die Antwort des Passkeys ist ungültig." }],
      });
    const { credential } = verified.registrationInfo;
    if (await repo.findPasskeyByCredentialId(tx, credential.id))
      throw new AppError("konflikt", "Dieser Passkey ist bereits registriert.");
    const ersterFaktor = (await vorhandeneFaktoren(tx, actor.benutzer.id)).length === 0;
    const row = await repo.insertPasskey(tx, {
      benutzerId: actor.benutzer.id,
      credentialId: credential.id,
      publicKey: credential.publicKey,
      zaehler: credential.counter,
      transports: credential.transports ?? [],
      name,
      now: ctx.clock.now(),
    });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zweiter_faktor.eingerichtet",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { art: "passkey", name, waehrendAnmeldung: actor.stufe === "einrichtung" },
    });
    const wiederherstellungscodes = ersterFaktor
      ? await erzeugeWiederherstellungscodesInTx(ctx, tx, actor)
      : null;
    const sitzung = await schliesseEinrichtungAbInTx(ctx, tx, actor, client);
    return {
      passkey: {
        id: row.id,
        name: row.name,
        erstelltAm: row.erstellt_am.toISOString(),
        zuletztBenutztAm: null,
      },
      wiederherstellungscodes,
      ...(sitzung ? { sitzung } : {}),
    };
  });
}

export async function entfernePasskey(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const eigene = await repo.listPasskeys(tx, actor.benutzer.id);
    if (!eigene.some((p) => p.id === id)) throw nichtGefunden("Der Passkey");
    await pruefeNichtLetzterFaktorInTx(tx, actor.benutzer.id, "passkey");
    const row = await repo.deletePasskey(tx, actor.benutzer.id, id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zweiter_faktor.entfernt",
      objektArt: "benutzer",
      objektId: actor.benutzer.id,
      details: { art: "passkey", name: row?.name ?? "" },
    });
  });
}

/** New recovery codes (the old ones stop working); only for someone with a factor. */
export async function erneuereWiederherstellungscodes(ctx: AppContext, actor: Akteur): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    if ((await vorhandeneFaktoren(tx, actor.benutzer.id)).length === 0)
      throw new AppError("konflikt", "Wiederherstellungscodes gibt es erst mit einem zweiten Faktor.");
    return erzeugeWiederherstellungscodesInTx(ctx, tx, actor);
  });
}

// --- giving the factor at sign-in ------------------------------------------------------------

/**
 * Runs one check of a second factor for a sign-in in progress: counted and throttled like a
 * password before it runs, a failure in the Protokoll; on success the pending row gives way to a
 * full session with the factor recorded, in the same transaction as the check.
 */
async function pruefeAnmeldefaktor(
  ctx: AppContext,
  actor: Akteur,
  client: ClientInfo,
  faktor: "totp" | "wiederherstellungscode" | "passkey",
  pruefe: (tx: Tx, benutzer: Benutzer) => Promise<boolean>,
  fehler: () => AppError,
): Promise<LoginResult> {
  const sitzungId = sitzungIdVon(actor);
  const versuchId = await zaehleAnmeldeversuch(ctx, actor.benutzer.benutzername, client.ip);
  const result = await ctx.db.transaction(async (tx) => {
    const pending = await authRepo.findSitzungForUpdate(tx, sitzungId);
    if (!pending || pending.stufe !== "zweiter_faktor")
      throw new AppError(
        "nicht_angemeldet",
        "Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.",
      );
    const found = await accessRepo.findBenutzer(tx, { id: pending.benutzer_id });
    if (!found?.aktiv) throw new AppError("nicht_angemeldet");
    const benutzer = benutzerOhneHash(found);
    if (!(await pruefe(tx, benutzer))) return null;
    await authRepo.markiereErfolgreich(tx, versuchId);
    await authRepo.deleteSitzung(tx, pending.id);
    return erstelleSitzungInTx(ctx, tx, benutzer, {
      verfahren: pending.anmeldeverfahren,
      faktor,
      stufe: "voll",
      client,
    });
  });
  if (!result) {
    await protokolliereFehlversuch(ctx, actor.benutzer.benutzername, client.ip, "zweiter_faktor", actor);
    throw fehler();
  }
  return result;
}

/** Completes a sign-in with a TOTP code: right for the moment and of a later time step than the last one used. */
export function anmeldungMitTotp(
  ctx: AppContext,
  actor: Akteur,
  code: string,
  client: ClientInfo,
): Promise<LoginResult> {
  let wiederholt = false;
  return pruefeAnmeldefaktor(
    ctx,
    actor,
    client,
    "totp",
    async (tx, benutzer) => {
      const row = await repo.findTotpForUpdate(tx, benutzer.id);
      const c = normalisiereTotp(code);
      if (!row?.bestaetigt_am || !c) return false;
      const schritt = totpSchritt(row.geheimnis, c, ctx.clock.now());
      if (schritt === null) return false;
      if (row.letzter_schritt !== null && schritt <= Number(row.letzter_schritt)) {
        wiederholt = true;
        return false;
      }
      await repo.setzeLetztenSchritt(tx, benutzer.id, schritt);
      return true;
    },
    () =>
      wiederholt
        ? codeFalsch(
            "/code",
            "Dieser Code wurde schon verwendet. Bitte warten Sie auf den nächsten Code der App.",
          )
        : codeFalsch(
            "/code",
            "Der Code stimmt nicht. Bitte geben Sie den aktuellen sechsstelligen Code der App ein.",
          ),
  );
}

/** Completes a sign-in with one of the recovery codes, which is used up by it. */
export function anmeldungMitWiederherstellungscode(
  ctx: AppContext,
  actor: Akteur,
  code: string,
  client: ClientInfo,
): Promise<LoginResult> {
  const normalisiert = normalisiereWiederherstellungscode(code);
  return pruefeAnmeldefaktor(
    ctx,
    actor,
    client,
    "wiederherstellungscode",
    async (tx, benutzer) => {
      for (const row of await repo.offeneWiederherstellungscodes(tx, benutzer.id)) {
        if (await argon2.verify(row.hash, normalisiert).catch(() => false)) {
          await repo.verbraucheWiederherstellungscode(tx, row.id, ctx.clock.now());
          return true;
        }
      }
      return false;
    },
    () =>
      codeFalsch(
        "/code",
        "Der Wiederherstellungscode stimmt nicht oder wurde schon verwendet. Jeder Code gilt nur einmal.",
      ),
  );
}

/** Options for `navigator.credentials.get()` with the user's passkeys; the challenge is kept on the pending sign-in. */
export async function passkeyAnmeldungOptionen(
  ctx: AppContext,
  actor: Akteur,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const sitzungId = sitzungIdVon(actor);
  const { rpID } = relyingParty(ctx);
  const passkeys = await repo.listPasskeys(ctx.db, actor.benutzer.id);
  if (passkeys.length === 0) throw new AppError("konflikt", "Für dieses Konto ist kein Passkey registriert.");
  const options = await generateAuthenticationOptions({
    rpID,
    allowCredentials: passkeys.map((p) => ({ id: p.credential_id, transports: p.transports })),
    userVerification: "preferred",
  });
  await authRepo.setzeWebauthnChallenge(
    ctx.db,
    sitzungId,
    options.challenge,
    new Date(ctx.clock.now().getTime() + CHALLENGE_MINUTEN * 60_000),
  );
  return options;
}

/**
 * Completes a sign-in with a passkey: the credential must be one of this user's, signed over the
 * open challenge for this origin, with a counter that moved on (or stays 0 for keys without one).
 */
export function anmeldungMitPasskey(
  ctx: AppContext,
  actor: Akteur,
  antwort: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<LoginResult> {
  const { rpID, origin } = relyingParty(ctx);
  return pruefeAnmeldefaktor(
    ctx,
    actor,
    client,
    "passkey",
    async (tx, benutzer) => {
      const challenge = await nimmChallengeInTx(ctx, tx, sitzungIdVon(actor));
      if (!challenge) return false;
      const passkey = await repo.findPasskeyByCredentialId(tx, antwort.id);
      // Another user's passkey is as unknown as none.
      if (!passkey || passkey.benutzer_id !== benutzer.id) return false;
      try {
        const { verified, authenticationInfo } = await verifyAuthenticationResponse({
          response: antwort,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: false,
          credential: {
            id: passkey.credential_id,
            publicKey: new Uint8Array(passkey.public_key),
            counter: Number(passkey.zaehler),
            transports: passkey.transports as never,
          },
        });
        if (!verified) return false;
        await repo.benutzePasskey(tx, passkey.id, authenticationInfo.newCounter, ctx.clock.now());
        return true;
      } catch {
        // A malformed or forged answer is a failed attempt like a wrong code, not an error.
        return false;
      }
    },
    () =>
      codeFalsch(
        "/antwort",
        "Der Passkey wurde nicht angenommen. Bitte verwenden Sie einen Passkey dieses Kontos.",
      ),
  );
}

// --- Verwaltung: which roles require it, resetting a user's factors ----------------------------

/** The roles that require a second factor; `immer`: those the Verwaltung cannot switch off. */
export async function zweiterFaktorPflicht(ctx: AppContext): Promise<{ rollen: Rolle[]; immer: Rolle[] }> {
  return { rollen: await pflichtRollen(ctx.db), immer: [...IMMER_PFLICHT] };
}

/** Sets the roles that require a second factor (Administration stays required whatever is sent). */
export async function setzeZweiterFaktorPflicht(
  ctx: AppContext,
  actor: Akteur,
  rollen: Rolle[],
): Promise<{ rollen: Rolle[]; immer: Rolle[] }> {
  if (!darfZugriffVerwalten(actor)) throw new AppError("keine_berechtigung");
  const gewaehlt = [...new Set(rollen)].filter((r) => alleRollen.includes(r) && !IMMER_PFLICHT.includes(r));
  await ctx.db.transaction(async (tx) => {
    const vorher = await pflichtRollen(tx);
    await repo.setzePflichtRollen(tx, gewaehlt, ctx.clock.now());
    const nachher = await pflichtRollen(tx);
    if (vorher.join() !== nachher.join())
      await schreibeProtokollInTx(tx, ctx.clock, {
        akteur: actor,
        aktion: "zweiter_faktor.pflicht_geaendert",
        objektArt: "anmeldung",
        objektId: "zweiter_faktor",
        details: { vorher, nachher },
      });
  });
  return zweiterFaktorPflicht(ctx);
}

/**
 * Administration: a user lost their phone or key. Their app, passkeys and recovery codes are
 * removed and their sessions end; at the next sign-in a required factor is set up anew.
 */
export async function setzeZweitenFaktorZurueck(
  ctx: AppContext,
  actor: Akteur,
  benutzerId: string,
): Promise<void> {
  if (!darfZugriffVerwalten(actor)) throw new AppError("keine_berechtigung");
  await ctx.db.transaction(async (tx) => {
    if (!(await accessRepo.findBenutzer(tx, { id: benutzerId }))) throw nichtGefunden("Der Benutzer");
    const totp = await repo.deleteTotp(tx, benutzerId);
    const passkeys = await repo.deletePasskeysVon(tx, benutzerId);
    await repo.deleteWiederherstellungscodes(tx, benutzerId);
    const anzahl = await authRepo.deleteSitzungenAusser(
      tx,
      benutzerId,
      benutzerId === actor.benutzer.id ? (actor.sitzungId ?? null) : null,
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "zweiter_faktor.entfernt",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { art: "alle", grund: "administration", passkeys, totp },
    });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "sitzungen.beendet",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { anzahl, grund: "administration" },
    });
  });
}

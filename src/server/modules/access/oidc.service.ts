import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import type { OidcConfig } from "../../platform/config.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { geraeteklasse } from "../../platform/http/geraeteklasse.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { loadActor } from "./access.service.js";
import * as authRepo from "./authentication.repository.js";
import type { ClientInfo, LoginResult } from "./authentication.service.js";
import * as repo from "./oidc.repository.js";
import { oidcKennung } from "./verzeichnis.plan.js";
import { gleicheVerzeichnisbenutzerAbInTx } from "./verzeichnis.service.js";
import { brauchtZweitenFaktor, oidcZweiterFaktorErfuellt } from "./zweiter-faktor.pflicht.js";

/** Cookie carrying state, nonce and PKCE verifier between the redirect and the callback. */
export const OIDC_COOKIE = "aktenwerk_oidc";
/** Path of the callback; the provider must know `<AKTENWERK_URL>` + this as redirect URI. */
export const OIDC_RUECKKEHR_PFAD = "/api/v1/auth/oidc/rueckkehr";
/** How long a started sign-in may take at the provider. */
export const OIDC_COOKIE_MINUTEN = 10;
const DISCOVERY_GUELTIG_MS = 60 * 60_000;
const SYSTEMNAME = "OIDC-Anmeldung";

/** The provider is configured: "Anmelden mit <name>" is offered. */
function oidcOderFehler(ctx: AppContext): OidcConfig {
  if (!ctx.config.oidc)
    throw new AppError("nicht_gefunden", "Die Anmeldung über einen Anmeldedienst ist nicht eingerichtet.");
  return ctx.config.oidc;
}

/** Why an OIDC sign-in failed, as the login page explains it (`?oidc=<grund>`). */
export type OidcFehlergrund =
  "nicht_erreichbar" | "abgelaufen" | "abgewiesen" | "deaktiviert" | "zweiter_faktor";

/** A failed OIDC sign-in: a German problem plus the reason the login page shows. */
export class OidcFehler extends AppError {
  constructor(
    readonly grund: OidcFehlergrund,
    ...args: ConstructorParameters<typeof AppError>
  ) {
    super(...args);
  }
}

function nichtErreichbar(oidc: OidcConfig, cause?: unknown): AppError {
  return new OidcFehler(
    "nicht_erreichbar",
    "nicht_verfuegbar",
    `Der Anmeldedienst „${oidc.name}“ ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; bei dringenden Fällen hilft die IT mit dem Notfallzugang.`,
    { cause },
  );
}

const discoveries = new Map<string, { konfig: client.Configuration; geholtAm: number }>();

/**
 * The provider's metadata and keys (discovery), kept for an hour; a failure is not kept, so
 * the next attempt asks again once the provider is back.
 */
async function konfiguration(ctx: AppContext, oidc: OidcConfig): Promise<client.Configuration> {
  const schluessel = `${oidc.issuer}\u0000${oidc.clientId}`;
  const bekannt = discoveries.get(schluessel);
  if (bekannt && Date.now() - bekannt.geholtAm < DISCOVERY_GUELTIG_MS) return bekannt.konfig;
  const http = new URL(oidc.issuer).protocol === "http:"; // config allows http:// for loopback only
  try {
    const konfig = await client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      undefined,
      oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
      { timeout: 10, ...(http ? { execute: [client.allowInsecureRequests] } : {}) },
    );
    // Check the ID token's signature against the provider's published keys even though it comes
    // straight from the token endpoint: a token signed with any other key is refused.
    client.enableNonRepudiationChecks(konfig);
    discoveries.set(schluessel, { konfig, geholtAm: Date.now() });
    return konfig;
  } catch (error) {
    ctx.log.warn({ err: error, issuer: oidc.issuer }, "OIDC-Discovery fehlgeschlagen");
    throw nichtErreichbar(oidc, error);
  }
}

// --- the short-lived, signed cookie -------------------------------------------------------

interface Vorgang {
  /** state, nonce, PKCE verifier */
  s: string;
  n: string;
  v: string;
  /** where to go after signing in (a path of Aktenwerk) */
  z: string;
  /** expires, ms since epoch */
  e: number;
}

// Without a client secret (public client) the key lives in this process only: a sign-in begun
// before a restart must then be begun again, which is harmless.
const prozessSchluessel = randomBytes(32);

function cookieSchluessel(oidc: OidcConfig): Buffer {
  return createHash("sha256")
    .update("aktenwerk oidc cookie\u0000")
    .update(oidc.clientSecret ?? prozessSchluessel)
    .digest();
}

function signiere(oidc: OidcConfig, v: Vorgang): string {
  const daten = Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${daten}.${createHmac("sha256", cookieSchluessel(oidc)).update(daten).digest("base64url")}`;
}

function pruefeCookie(oidc: OidcConfig, wert: string | undefined, jetzt: number): Vorgang | undefined {
  if (!wert || wert.length > 4000) return undefined;
  const [daten, mac] = wert.split(".");
  if (!daten || !mac) return undefined;
  const soll = createHmac("sha256", cookieSchluessel(oidc)).update(daten).digest();
  const ist = Buffer.from(mac, "base64url");
  if (ist.length !== soll.length || !timingSafeEqual(ist, soll)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(daten, "base64url").toString("utf8")) as Vorgang;
    return typeof v.e === "number" && v.e > jetzt ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Only a path inside Aktenwerk (no "//host", no scheme) may be the target after sign-in. */
export function sichererZielpfad(zurueck: string | undefined): string {
  return zurueck && /^\/(?![/\\])[^\s]*$/.test(zurueck) && !zurueck.startsWith("/api/") ? zurueck : "/";
}

// --- the flow ------------------------------------------------------------------------------

function rueckkehrUrl(ctx: AppContext): string {
  return `${ctx.config.basisUrl}${OIDC_RUECKKEHR_PFAD}`;
}

/**
 * Starts a sign-in at the provider (Authorization Code with PKCE): the URL to send the browser
 * to, and the signed cookie with state, nonce and PKCE verifier for the callback.
 */
export async function beginneOidcAnmeldung(
  ctx: AppContext,
  zurueck: string | undefined,
): Promise<{ url: string; cookie: string; maxAgeSekunden: number }> {
  const oidc = oidcOderFehler(ctx);
  const konfig = await konfiguration(ctx, oidc);
  const verifier = client.randomPKCECodeVerifier();
  const vorgang: Vorgang = {
    s: client.randomState(),
    n: client.randomNonce(),
    v: verifier,
    z: sichererZielpfad(zurueck),
    e: Date.now() + OIDC_COOKIE_MINUTEN * 60_000,
  };
  const url = client.buildAuthorizationUrl(konfig, {
    redirect_uri: rueckkehrUrl(ctx),
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: vorgang.s,
    nonce: vorgang.n,
    // Ask for how the person authenticated (second-factor rules); providers without the claims
    // parameter ignore it and may send acr/amr anyway.
    claims: JSON.stringify({ id_token: { acr: null, amr: null } }),
  });
  return { url: url.href, cookie: signiere(oidc, vorgang), maxAgeSekunden: OIDC_COOKIE_MINUTEN * 60 };
}

/** Writes a refused OIDC sign-in to the Protokoll (and the log), then returns the error to throw. */
async function abgewiesen(
  ctx: AppContext,
  client_: ClientInfo,
  grund: string,
  meldung: string,
  cause?: unknown,
  fuerSeite: OidcFehlergrund = "abgewiesen",
): Promise<AppError> {
  ctx.log.warn({ err: cause, grund, ip: client_.ip }, "OIDC-Anmeldung abgewiesen");
  await ctx.db.transaction(async (tx) => {
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      systemName: "Nicht angemeldet",
      aktion: "anmeldung.oidc_abgewiesen",
      objektArt: "anmeldung",
      objektId: "oidc",
      details: { grund: grund.slice(0, 300), ip: client_.ip },
    });
  });
  return new OidcFehler(fuerSeite, "anmeldung_fehlgeschlagen", meldung, {
    title: "Die Anmeldung über den Anmeldedienst ist fehlgeschlagen.",
    cause,
  });
}

function gruppenAus(wert: unknown): string[] | undefined {
  if (typeof wert === "string") return [wert];
  if (Array.isArray(wert)) return wert.filter((g): g is string => typeof g === "string");
  return undefined;
}

const text = (wert: unknown): string => (typeof wert === "string" ? wert : "");

/** The outcome of a completed OIDC sign-in: a normal Aktenwerk session plus where to go. */
export interface OidcAnmeldung extends LoginResult {
  zurueck: string;
}

/**
 * Completes the sign-in when the provider sends the browser back: checks state (cookie), lets
 * openid-client redeem the code with the PKCE verifier and validate the ID token (signature
 * against the provider's keys, issuer, audience, nonce, expiry), creates or updates the person
 * through the group mapping, and opens the same session as a password sign-in. Every refusal is
 * in the Protokoll (`anmeldung.oidc_abgewiesen`) and the log.
 */
export async function schliesseOidcAnmeldungAb(
  ctx: AppContext,
  anfrage: { query: string; cookie: string | undefined },
  client_: ClientInfo,
): Promise<OidcAnmeldung> {
  const oidc = oidcOderFehler(ctx);
  const params = new URLSearchParams(anfrage.query);
  const vorgang = pruefeCookie(oidc, anfrage.cookie, Date.now());
  if (!vorgang) {
    throw await abgewiesen(
      ctx,
      client_,
      "state: Cookie fehlt, ist abgelaufen oder verändert",
      "Die Anmeldung ist abgelaufen oder wurde in einem anderen Browserfenster begonnen. Bitte melden Sie sich erneut an.",
      undefined,
      "abgelaufen",
    );
  }
  if (params.get("state") !== vorgang.s) {
    throw await abgewiesen(
      ctx,
      client_,
      "state: passt nicht zur begonnenen Anmeldung",
      "Die Antwort des Anmeldedienstes gehört nicht zu dieser Anmeldung. Bitte melden Sie sich erneut an.",
      undefined,
      "abgelaufen",
    );
  }
  const fehler = params.get("error");
  if (fehler) {
    throw await abgewiesen(
      ctx,
      client_,
      `Anmeldedienst: ${fehler}`,
      `Der Anmeldedienst „${oidc.name}“ hat die Anmeldung nicht bestätigt (${fehler.slice(0, 100)}).`,
    );
  }
  const konfig = await konfiguration(ctx, oidc);
  const aktuelleUrl = new URL(rueckkehrUrl(ctx));
  aktuelleUrl.search = params.toString();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(konfig, aktuelleUrl, {
      pkceCodeVerifier: vorgang.v,
      expectedState: vorgang.s,
      expectedNonce: vorgang.n,
      idTokenExpected: true,
    });
  } catch (error) {
    if (istNetzfehler(error)) throw nichtErreichbar(oidc, error);
    throw await abgewiesen(
      ctx,
      client_,
      grundVon(error),
      `Der Anmeldedienst „${oidc.name}“ hat keine gültige Anmeldung geliefert. Bitte melden Sie sich erneut an.`,
      error,
    );
  }
  const claims = tokens.claims()!;
  let gruppen = gruppenAus(claims[oidc.gruppenClaim]);
  if (gruppen === undefined && konfig.serverMetadata().userinfo_endpoint) {
    try {
      gruppen = gruppenAus(
        (await client.fetchUserInfo(konfig, tokens.access_token, claims.sub))[oidc.gruppenClaim],
      );
    } catch (error) {
      ctx.log.warn({ err: error }, "OIDC-UserInfo nicht lesbar; Gruppen bleiben leer");
    }
  }
  const abgleich = await ctx.db.transaction((tx) =>
    gleicheVerzeichnisbenutzerAbInTx(
      ctx,
      tx,
      {
        quelle: "oidc",
        externeKennung: oidcKennung(claims.iss, claims.sub),
        benutzername: text(claims.preferred_username) || text(claims.email) || claims.sub,
        vorname: text(claims.given_name),
        nachname: text(claims.family_name) || text(claims.name),
        email: text(claims.email) || null,
        gruppen: gruppen ?? [],
      },
      { systemName: SYSTEMNAME },
    ),
  );
  if (!abgleich.benutzer.aktiv) {
    throw await abgewiesen(
      ctx,
      client_,
      `Konto ${abgleich.benutzer.benutzername} ist deaktiviert`,
      "Ihr Konto ist in Aktenwerk deaktiviert. Bitte wenden Sie sich an die Administration.",
      undefined,
      "deaktiviert",
    );
  }
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((a): a is string => typeof a === "string") : null;
  // The provider gives the second factor: where a role requires one, acr/amr must show it.
  const zweiterFaktor = oidcZweiterFaktorErfuellt(
    { acr: claims.acr, amr: claims.amr },
    ctx.config.oidc?.mfaAcr ?? [],
  );
  if (!zweiterFaktor && (await brauchtZweitenFaktor(ctx.db, abgleich.benutzer.id))) {
    throw await abgewiesen(
      ctx,
      client_,
      `Konto ${abgleich.benutzer.benutzername}: Rolle verlangt einen zweiten Faktor, acr/amr zeigen keinen (acr ${String(claims.acr)}, amr ${amr?.join(",") ?? "-"})`,
      "Ihre Rolle verlangt einen zweiten Faktor. Der Anmeldedienst hat keinen bestätigt; melden Sie sich dort mit dem zweiten Faktor an.",
      undefined,
      "zweiter_faktor",
    );
  }
  const sitzungToken = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const now = ctx.clock.now();
  const laeuftAbAm = new Date(now.getTime() + ctx.config.sessionMaxHours * 3600_000);
  const sitzungId = createHash("sha256").update(sitzungToken).digest("hex");
  const faktor = zweiterFaktor ? `oidc:${amr?.join("+") ?? String(claims.acr)}` : null;
  const actor = await ctx.db.transaction(async (tx) => {
    await authRepo.insertSitzung(tx, {
      id: sitzungId,
      benutzerId: abgleich.benutzer.id,
      csrfToken,
      verfahren: "oidc",
      now,
      laeuftAbAm,
      ip: client_.ip,
      userAgent: client_.userAgent?.slice(0, 500) ?? null,
      stufe: "voll",
      faktor,
    });
    await repo.setzeOidcAngaben(tx, sitzungId, {
      acr: typeof claims.acr === "string" ? claims.acr : null,
      amr,
      idToken: tokens.id_token ?? null,
    });
    const a = await loadActor(tx, abgleich.benutzer, "sitzung", sitzungId);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: a,
      aktion: "anmeldung",
      objektArt: "benutzer",
      objektId: abgleich.benutzer.id,
      details: { verfahren: "oidc", ip: client_.ip, faktor, geraet: geraeteklasse(client_.userAgent) },
    });
    return a;
  });
  return { sitzungToken, csrfToken, laeuftAbAm, actor, stufe: "voll", zurueck: vorgang.z };
}

function istNetzfehler(error: unknown): boolean {
  const e = error as { name?: string; cause?: { code?: string; name?: string } } | undefined;
  return (
    e?.name === "TimeoutError" ||
    e?.name === "AbortError" ||
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH)$/.test(e?.cause?.code ?? "")
  );
}

/** A short reason for the Protokoll from what openid-client (oauth4webapi) threw, causes included. */
function grundVon(error: unknown): string {
  const teile: string[] = [];
  let e = error as
    { code?: unknown; error?: unknown; message?: unknown; claim?: unknown; cause?: unknown } | undefined;
  for (let tiefe = 0; e && typeof e === "object" && tiefe < 4; tiefe++) {
    for (const wert of [e.code, e.error, e.claim ? `claim ${String(e.claim)}` : undefined, e.message]) {
      if (typeof wert === "string" && wert && !teile.includes(wert)) teile.push(wert);
    }
    e = e.cause as typeof e;
  }
  return teile.join(": ").slice(0, 300) || "unbekannt";
}

/**
 * Where to send the browser after signing out of an OIDC session, so the person is signed out at
 * the provider too (RP-initiated logout, `end_session_endpoint`); null when there is nothing to do.
 * Call before the session is deleted.
 */
export async function oidcAbmeldeUrl(ctx: AppContext, sitzungId: string | undefined): Promise<string | null> {
  const oidc = ctx.config.oidc;
  if (!oidc || !sitzungId) return null;
  const angaben = await repo.oidcAngabenDerSitzung(ctx.db, sitzungId);
  if (!angaben?.idToken) return null;
  try {
    const konfig = await konfiguration(ctx, oidc);
    if (!konfig.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(konfig, {
      id_token_hint: angaben.idToken,
      post_logout_redirect_uri: `${ctx.config.basisUrl}/`,
    }).href;
  } catch {
    // The provider is down: the local session still ends.
    return null;
  }
}

/**
 * What the provider said about how the person authenticated (acr, amr) for a session opened by
 * OIDC; undefined for other sessions. For the second-factor rules.
 */
export async function oidcFaktorDerSitzung(
  ctx: AppContext,
  sitzungId: string,
): Promise<{ acr: string | null; amr: string[] } | undefined> {
  const angaben = await repo.oidcAngabenDerSitzung(ctx.db, sitzungId);
  if (!angaben?.idToken) return undefined;
  return { acr: angaben.acr, amr: angaben.amr ?? [] };
}

/** For the login page: which sign-in methods are offered. */
export function anmeldeverfahren(ctx: AppContext): { lokal: boolean; oidc: { name: string } | null } {
  return { lokal: ctx.config.lokaleAnmeldung, oidc: ctx.config.oidc ? { name: ctx.config.oidc.name } : null };
}

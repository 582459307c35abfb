import { randomBytes } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { schliesseAnmeldungAb, TEST_ORIGIN, type Senden } from "./zweiter-faktor.js";
import { Readable } from "node:stream";
import {
  createBenutzer,
  createOrganisationseinheit,
  hashPasswort,
  loadActor,
} from "../../src/server/modules/access/access.service.js";
import type {
  Benutzer,
  OeArt,
  Organisationseinheit,
  Rolle,
} from "../../src/server/modules/access/access.types.js";
import { createApiToken } from "../../src/server/modules/access/authentication.service.js";
import { erkenneInhaltstyp } from "../../src/server/platform/dateieingang/index.js";
import {
  createAkte,
  createDokument,
  createVorgang,
  type DokumentMetadaten,
  type NeueAkte,
  type NeuerVorgang,
} from "../../src/server/modules/schriftgut/index.js";
import type { Akteur } from "../../src/server/platform/akteur.js";
import type { AppContext } from "../../src/server/platform/context.js";

export const TEST_PASSWORT = "Test-Passwort-2026";
let passwortHash: Promise<string> | undefined;

function unique(prefix: string): string {
  return `${prefix}${randomBytes(3).toString("hex")}`;
}

export async function createOe(
  ctx: AppContext,
  input: { kuerzel?: string; name?: string; art?: OeArt; uebergeordnet?: string | null } = {},
): Promise<Organisationseinheit> {
  const kuerzel = input.kuerzel ?? unique("T");
  return createOrganisationseinheit(ctx, "system", {
    kuerzel,
    name: input.name ?? `Testamt ${kuerzel}`,
    art: input.art ?? "Amt",
    uebergeordnet: input.uebergeordnet ?? null,
  });
}

/** A user with the shared test password (hashed once per run, argon2id is deliberately slow). */
export async function createUser(
  ctx: AppContext,
  input: {
    benutzername?: string;
    vorname?: string;
    nachname?: string;
    rollen?: { oe: string; rolle: Rolle }[];
  } = {},
) {
  const user = await createBenutzer(ctx, "system", {
    benutzername: input.benutzername ?? unique("nutzer"),
    vorname: input.vorname ?? "Erika",
    nachname: input.nachname ?? "Mustermann",
    mitgliedschaften: input.rollen ?? [],
  });
  passwortHash ??= hashPasswort(TEST_PASSWORT);
  await ctx.db.query("UPDATE benutzer SET passwort_hash = $2 WHERE id = $1", [user.id, await passwortHash]);
  return user;
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

function sitzungsCookie(response: LightMyRequestResponse): string | null {
  const setCookie = response.cookies.find((c) => c.name === "aktenwerk_sitzung");
  return setCookie ? `aktenwerk_sitzung=${setCookie.value}` : null;
}

/** The sign-in steps over `app.inject`, for the second-factor helper. */
export function injectSenden(app: FastifyInstance): Senden {
  return async (methode, pfad, sitzung, payload) => {
    const r = await app.inject({
      method: methode,
      url: `/api/v1${pfad}`,
      headers: { cookie: sitzung.cookie, "x-csrf-token": sitzung.csrf },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: r.statusCode, body: r.body ? (r.json() as unknown) : null, cookie: sitzungsCookie(r) };
  };
}

/**
 * Signs in as a person would, second factor included: a user whose role requires one (e.g.
 * Administration) sets up a software passkey at the first sign-in and signs with it afterwards
 * (see helpers/zweiter-faktor.ts), so tests need not care.
 */
export async function login(
  app: FastifyInstance,
  benutzername: string,
  passwort = TEST_PASSWORT,
  { origin = TEST_ORIGIN }: { origin?: string } = {},
): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { benutzername, passwort },
  });
  if (response.statusCode !== 200 && response.statusCode !== 202)
    throw new Error(`Login ${benutzername} fehlgeschlagen: ${response.statusCode} ${response.body}`);
  let cookie = sitzungsCookie(response) ?? "aktenwerk_sitzung=";
  let csrf = (response.json() as { csrfToken: string }).csrfToken;
  if (response.statusCode === 202)
    ({ cookie, csrf } = await schliesseAnmeldungAb(
      injectSenden(app),
      app,
      benutzername,
      { cookie, body: response.json() },
      origin,
    ));
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf } };
}

/** The Akteur of a user as a request would carry it (memberships loaded), for calling services. */
export async function akteurVon(ctx: AppContext, benutzer: Benutzer): Promise<Akteur> {
  return loadActor(ctx.db, benutzer, "sitzung");
}

/**
 * An Akte under a leaf of the test Aktenplan (`importTestAktenplan`), created by `akteur` in the
 * service's own transaction: Aktenzeichen, Protokoll and search keys as in production.
 */
export async function neueAkte(
  ctx: AppContext,
  akteur: Akteur,
  input: Partial<NeueAkte> & { federfuehrendeOe: string },
) {
  return createAkte(ctx, akteur, {
    aktenplaneinheit: "63.20",
    betreff: `Testakte ${unique("")}`,
    ...input,
  });
}

/** A Vorgang in an Akte. */
export async function neuerVorgang(
  ctx: AppContext,
  akteur: Akteur,
  akteId: string,
  input: Partial<NeuerVorgang> = {},
) {
  return createVorgang(ctx, akteur, akteId, { betreff: `Testvorgang ${unique("")}`, ...input });
}

/** A Dokument with one version of `inhalt` (type sniffed from the bytes, as an upload would be). */
export async function neuesDokument(
  ctx: AppContext,
  akteur: Akteur,
  vorgangId: string,
  datei: { dateiname: string; inhalt: Buffer | string },
  metadaten: Partial<DokumentMetadaten> = {},
) {
  const bytes = Buffer.from(datei.inhalt);
  const stored = await ctx.blobs.put(Readable.from([bytes]));
  return createDokument(
    ctx,
    akteur,
    vorgangId,
    { typ: "Eingang", titel: datei.dateiname, ...metadaten },
    {
      stored,
      dateiname: datei.dateiname,
      originaldateiname: datei.dateiname,
      mimeTyp: await erkenneInhaltstyp(bytes),
    },
  );
}

/** An API token of a user; returns the secret once, as the CLI does. */
export async function neuesApiToken(
  ctx: AppContext,
  benutzername: string,
  bereich: "lesen" | "posteingang" | "voll" = "voll",
): Promise<string> {
  return (
    await createApiToken(ctx, "system", { benutzer: benutzername, name: unique("Testtoken "), bereich })
  ).token;
}

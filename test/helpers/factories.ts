import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import {
  createBenutzer,
  createOrganisationseinheit,
  hashPasswort,
} from "../../src/server/modules/access/access.service.js";
import type { OeArt, Organisationseinheit, Rolle } from "../../src/server/modules/access/access.types.js";
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

export async function login(
  app: FastifyInstance,
  benutzername: string,
  passwort = TEST_PASSWORT,
): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { benutzername, passwort },
  });
  if (response.statusCode !== 200)
    throw new Error(`Login ${benutzername} fehlgeschlagen: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === "aktenwerk_sitzung");
  const cookie = `aktenwerk_sitzung=${setCookie?.value ?? ""}`;
  const csrf = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, "x-csrf-token": csrf } };
}

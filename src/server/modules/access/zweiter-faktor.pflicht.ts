import type { Queryable } from "../../platform/database/database.js";
import type { Rolle } from "./access.types.js";
import * as accessRepo from "./access.repository.js";
import * as repo from "./zweiter-faktor.repository.js";

// Who must sign in with a second factor, and whether someone has one: read at every sign-in, so
// kept apart from the enrolment use cases (which need the session code of authentication.service).

/** Administration always requires a second factor; the Verwaltung cannot switch that off. */
export const IMMER_PFLICHT: readonly Rolle[] = ["Administration"];

/** The roles whose holders must give a second factor: Administration and those the admin chose. */
export async function pflichtRollen(q: Queryable): Promise<Rolle[]> {
  const gewaehlt = (await repo.pflichtRollen(q)) as Rolle[];
  return [...new Set([...IMMER_PFLICHT, ...gewaehlt])];
}

/** Whether a user holds a role (in any OE) that requires a second factor. */
export async function brauchtZweitenFaktor(q: Queryable, benutzerId: string): Promise<boolean> {
  const pflicht = await pflichtRollen(q);
  const mitgliedschaften = await accessRepo.mitgliedschaftenVon(q, benutzerId);
  return mitgliedschaften.some((m) => pflicht.includes(m.rolle));
}

/** The factors a user can sign in with: a confirmed TOTP secret, passkeys. */
export async function vorhandeneFaktoren(q: Queryable, benutzerId: string): Promise<("totp" | "passkey")[]> {
  const totp = await repo.findTotp(q, benutzerId);
  const passkeys = await repo.listPasskeys(q, benutzerId);
  return [
    ...(totp?.bestaetigt_am ? (["totp"] as const) : []),
    ...(passkeys.length ? (["passkey"] as const) : []),
  ];
}

export async function hatZweitenFaktor(q: Queryable, benutzerId: string): Promise<boolean> {
  return (await vorhandeneFaktoren(q, benutzerId)).length > 0;
}

/**
 * `amr` values (RFC 8176) that prove more than one factor, or a factor beyond the password:
 * `mfa` (several factors), `otp`, `hwk`/`swk` (a key held in hard- or software), `sc` (smart card),
 * `fido` and `pop`-style proofs. `pwd` alone is one factor.
 */
const MFA_AMR = new Set([
  "mfa",
  "otp",
  "hwk",
  "swk",
  "sc",
  "fido",
  "pop",
  "face",
  "fpt",
  "iris",
  "retina",
  "vbm",
]);

/**
 * Whether the claims of an OIDC sign-in show a second factor: an `amr` (RFC 8176) naming one, or
 * an `acr` among those the county configured as multi-factor (e.g. Keycloak's level `2`,
 * `http://schemas.microsoft.com/claims/multipleauthn` from ADFS). Without either claim: no.
 */
export function oidcZweiterFaktorErfuellt(
  claims: { acr?: unknown; amr?: unknown },
  mfaAcrWerte: readonly string[] = [],
): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((a): a is string => typeof a === "string") : [];
  if (amr.some((a) => MFA_AMR.has(a.toLowerCase()))) return true;
  return typeof claims.acr === "string" && mfaAcrWerte.includes(claims.acr);
}

import type { Queryable } from "../../platform/database/database.js";

/** Stores what the OpenID provider said about the sign-in on the session it opened. */
export async function setzeOidcAngaben(
  q: Queryable,
  sitzungId: string,
  a: { acr: string | null; amr: string[] | null; idToken: string | null },
): Promise<void> {
  await q.query("UPDATE sitzung SET oidc_acr = $2, oidc_amr = $3, oidc_id_token = $4 WHERE id = $1", [
    sitzungId,
    a.acr,
    a.amr,
    a.idToken,
  ]);
}

/** acr, amr and the ID token of an OIDC session; undefined for an unknown session. */
export async function oidcAngabenDerSitzung(
  q: Queryable,
  sitzungId: string,
): Promise<{ acr: string | null; amr: string[] | null; idToken: string | null } | undefined> {
  const { rows } = await q.query<{
    oidc_acr: string | null;
    oidc_amr: string[] | null;
    oidc_id_token: string | null;
  }>("SELECT oidc_acr, oidc_amr, oidc_id_token FROM sitzung WHERE id = $1", [sitzungId]);
  const r = rows[0];
  return r ? { acr: r.oidc_acr, amr: r.oidc_amr, idToken: r.oidc_id_token } : undefined;
}

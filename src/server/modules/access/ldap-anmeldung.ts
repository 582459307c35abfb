import type { AppContext } from "../../platform/context.js";
import * as accessRepo from "./access.repository.js";
import { localPasswordAuthenticator, type Authenticator } from "./authentication.service.js";
import { pruefeVerzeichnisPasswort } from "./ldap-verzeichnis.js";
import { anmeldequelleVon } from "./verzeichnis.repository.js";
import { gleicheVerzeichnisbenutzerAbInTx } from "./verzeichnis.service.js";
import { alsVerzeichnisbenutzer } from "./verzeichnisabgleich.service.js";

/**
 * Password sign-in against the directory (AD or LDAP): the password is checked by a bind as the
 * person (see `pruefeVerzeichnisPasswort`), never stored. The account is then created or updated
 * from the directory entry and its groups go through the group mapping, as the sync would do;
 * an account deactivated in Aktenwerk stays refused.
 */
export const ldapAuthenticator: Authenticator = {
  verfahren: "ldap",
  async authenticate(ctx, { benutzername, passwort }) {
    const cfg = ctx.config.ldap;
    if (!cfg) return null;
    const geprueft = await pruefeVerzeichnisPasswort(cfg, benutzername, passwort);
    if (!geprueft) return null;
    const abgleich = await ctx.db.transaction((tx) =>
      gleicheVerzeichnisbenutzerAbInTx(ctx, tx, alsVerzeichnisbenutzer(geprueft.eintrag, geprueft.gruppen), {
        systemName: "LDAP-Anmeldung",
      }),
    );
    return abgleich.benutzer.aktiv ? abgleich.benutzer : null;
  },
};

/**
 * Which check a password sign-in gets: a local account (Anmeldequelle `lokal`, e.g. the break-glass
 * administrator) keeps its Aktenwerk password; any other name goes to the directory when one is
 * configured. Local accounts therefore win over a directory entry of the same name.
 */
export async function waehleAuthenticator(ctx: AppContext, benutzername: string): Promise<Authenticator> {
  if (!ctx.config.ldap) return localPasswordAuthenticator;
  const konto = await accessRepo.findBenutzer(ctx.db, { benutzername: benutzername.trim().toLowerCase() });
  if (konto && (await anmeldequelleVon(ctx.db, konto.id)) === "lokal") return localPasswordAuthenticator;
  return ldapAuthenticator;
}

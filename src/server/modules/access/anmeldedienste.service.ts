import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { darfZugriffVerwalten } from "./access.policy.js";
import * as accessRepo from "./access.repository.js";
import type { Akteur } from "./access.types.js";
import { hatZweitenFaktor } from "./zweiter-faktor.pflicht.js";

/** The configured sign-in methods as Verwaltung → Anmeldung shows them. */
export interface Anmeldedienste {
  oidc: {
    name: string;
    issuer: string;
    clientId: string;
    mitClientSecret: boolean;
    gruppenClaim: string;
    mfaAcr: string[];
  } | null;
  ldap: {
    url: string;
    art: "ad" | "ldap";
    verschluesselung: "ldaps" | "starttls";
    basisDn: string;
    bindDn: string;
    benutzerfilter: string;
    gruppenfilter: string;
    syncMinuten: number;
  } | null;
  lokal: boolean;
  notfallkonto: { benutzername: string; vorhanden: boolean; aktiv: boolean; zweiterFaktor: boolean } | null;
}

/**
 * What the operator configured in the environment (never a secret), and whether the named
 * break-glass account can actually get in: it exists, is active and has its second factor.
 */
export async function zeigeAnmeldedienste(ctx: AppContext, caller: Akteur): Promise<Anmeldedienste> {
  if (!darfZugriffVerwalten(caller))
    throw new AppError("keine_berechtigung", "Nur die Administration sieht die Anmeldedienste.");
  const { oidc, ldap, lokaleAnmeldung, notfallkonto } = ctx.config;
  let notfall: Anmeldedienste["notfallkonto"] = null;
  if (notfallkonto) {
    const konto = await accessRepo.findBenutzer(ctx.db, { benutzername: notfallkonto });
    notfall = {
      benutzername: notfallkonto,
      vorhanden: konto !== undefined,
      aktiv: konto?.aktiv ?? false,
      zweiterFaktor: konto ? await hatZweitenFaktor(ctx.db, konto.id) : false,
    };
  }
  return {
    oidc: oidc && {
      name: oidc.name,
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      mitClientSecret: oidc.clientSecret !== null,
      gruppenClaim: oidc.gruppenClaim,
      mfaAcr: oidc.mfaAcr,
    },
    ldap: ldap && {
      url: ldap.url,
      art: ldap.art,
      verschluesselung: ldap.url.startsWith("ldaps://") ? "ldaps" : "starttls",
      basisDn: ldap.basisDn,
      bindDn: ldap.bindDn,
      benutzerfilter: ldap.benutzerfilter,
      gruppenfilter: ldap.gruppenfilter,
      syncMinuten: ldap.syncMinuten,
    },
    lokal: lokaleAnmeldung,
    notfallkonto: notfall,
  };
}

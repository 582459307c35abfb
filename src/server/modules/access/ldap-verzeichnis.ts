import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Client, InvalidCredentialsError, type Entry } from "ldapts";
import type { LdapKonfiguration } from "../../platform/config.js";
import { AppError } from "../../platform/errors.js";

// Reading the county's directory (Active Directory or plain LDAP) over TLS: people, their groups
// with nesting resolved, and the password check by bind. No database here.

/**
 * A value for an LDAP filter, escaped per RFC 4515: `*`, `(`, `)`, `\` and NUL become `\2a` …, so
 * a user name like `*)(uid=*` is looked up literally and can never widen the filter.
 */
export function escapeFilterWert(wert: string): string {
  return wert.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** AD's userAccountControl flag ACCOUNTDISABLE. */
const KONTO_GESPERRT = 2;

/** One person as the directory describes them. */
export interface VerzeichnisEintrag {
  dn: string;
  /** The sign-in name: sAMAccountName (AD) or uid (LDAP). */
  kennung: string;
  /** Stable key: objectGUID (AD) or entryUUID; survives renames and moves. */
  externeKennung: string;
  vorname: string;
  nachname: string;
  email: string | null;
  /** AD: userAccountControl has ACCOUNTDISABLE set. */
  gesperrt: boolean;
  /** Groups the entry itself names (memberOf), as DNs. */
  memberOf: string[];
}

/** A group with its members and the groups it belongs to (either side may carry the nesting). */
export interface VerzeichnisGruppe {
  dn: string;
  /** cn (LDAP) or sAMAccountName (AD), as the group mapping may name it. */
  name: string;
  member: string[];
  memberOf: string[];
}

function werte(e: Entry, name: string): string[] {
  const v = e[name];
  if (v === undefined) return [];
  const liste = Array.isArray(v) ? v : [v];
  return liste.map((x) => (Buffer.isBuffer(x) ? x.toString("utf8") : x));
}

function wert(e: Entry, name: string): string {
  return werte(e, name)[0]?.trim() ?? "";
}

/** AD's objectGUID (16 bytes, the first three groups little-endian) as the usual text form. */
export function guidText(b: Buffer): string {
  const h = (von: number, bis: number, umdrehen: boolean) => {
    const teil = Buffer.from(b.subarray(von, bis));
    return (umdrehen ? teil.reverse() : teil).toString("hex");
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`;
}

const DN_NORMAL = (dn: string) => dn.replace(/\s*,\s*/g, ",").toLowerCase();

function personAttribute(art: LdapKonfiguration["art"]): string[] {
  const gemeinsam = ["cn", "givenName", "sn", "displayName", "mail", "entryUUID", "memberOf"];
  return art === "ad"
    ? [...gemeinsam, "sAMAccountName", "userPrincipalName", "userAccountControl", "objectGUID"]
    : [...gemeinsam, "uid"];
}

function alsEintrag(art: LdapKonfiguration["art"], e: Entry): VerzeichnisEintrag | null {
  const kennung = art === "ad" ? wert(e, "sAMAccountName") || wert(e, "userPrincipalName") : wert(e, "uid");
  const guid = e.objectGUID;
  const externeKennung =
    Buffer.isBuffer(guid) && guid.length === 16 ? guidText(guid) : wert(e, "entryUUID") || DN_NORMAL(e.dn);
  if (!kennung) return null;
  const uac = Number(wert(e, "userAccountControl") || "0");
  const cn = wert(e, "displayName") || wert(e, "cn");
  return {
    dn: e.dn,
    kennung,
    externeKennung,
    vorname: wert(e, "givenName"),
    nachname: wert(e, "sn") || cn || kennung,
    email: wert(e, "mail") || null,
    gesperrt: art === "ad" && (uac & KONTO_GESPERRT) !== 0,
    memberOf: werte(e, "memberOf"),
  };
}

function tlsOptionen(cfg: LdapKonfiguration): ConnectionOptions {
  return { minVersion: "TLSv1.2", ...(cfg.ca ? { ca: readFileSync(cfg.ca) } : {}) };
}

function nichtErreichbar(error: unknown): AppError {
  return new AppError(
    "nicht_verfuegbar",
    "Das Verzeichnis (LDAP) antwortet gerade nicht; Anmeldung und Abgleich über das Verzeichnis sind nicht möglich.",
    { cause: error },
  );
}

/** A TLS connection (LDAPS, or StartTLS on ldap://; never plain text), not yet bound. */
async function oeffne(cfg: LdapKonfiguration): Promise<Client> {
  const tls = tlsOptionen(cfg);
  const ldaps = cfg.url.startsWith("ldaps://");
  // tlsOptions only for LDAPS: given for ldap://, ldapts would speak TLS at once instead of StartTLS.
  const client = new Client({
    url: cfg.url,
    ...(ldaps ? { tlsOptions: tls } : {}),
    timeout: 60_000,
    connectTimeout: 10_000,
  });
  try {
    if (!ldaps) await client.startTLS(tls);
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw nichtErreichbar(error);
  }
}

/** A connection bound as the service account. */
export async function verbindeDienst(cfg: LdapKonfiguration): Promise<Client> {
  const client = await oeffne(cfg);
  try {
    await client.bind(cfg.bindDn, cfg.bindPasswort);
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    if (error instanceof InvalidCredentialsError)
      throw new AppError(
        "nicht_verfuegbar",
        "Das Verzeichnis lehnt das Dienstkonto von Aktenwerk ab (AKTENWERK_LDAP_BIND_DN und …_BIND_PASSWORT prüfen).",
      );
    throw nichtErreichbar(error);
  }
}

/** Every person the user filter selects (paged, as AD answers at most 1,000 per page). */
export async function lesePersonen(client: Client, cfg: LdapKonfiguration): Promise<VerzeichnisEintrag[]> {
  const { searchEntries } = await client.search(cfg.basisDn, {
    scope: "sub",
    filter: cfg.benutzerfilter,
    attributes: personAttribute(cfg.art),
    explicitBufferAttributes: ["objectGUID"],
    paged: { pageSize: 500 },
  });
  return searchEntries.map((e) => alsEintrag(cfg.art, e)).filter((e): e is VerzeichnisEintrag => e !== null);
}

/** Every group the group filter selects. */
export async function leseGruppen(client: Client, cfg: LdapKonfiguration): Promise<VerzeichnisGruppe[]> {
  const { searchEntries } = await client.search(cfg.basisDn, {
    scope: "sub",
    filter: cfg.gruppenfilter,
    attributes: ["cn", "sAMAccountName", "member", "uniqueMember", "memberOf"],
    paged: { pageSize: 500 },
  });
  return searchEntries.map((e) => ({
    dn: e.dn,
    name: (cfg.art === "ad" ? wert(e, "sAMAccountName") : "") || wert(e, "cn"),
    member: [...werte(e, "member"), ...werte(e, "uniqueMember")],
    memberOf: werte(e, "memberOf"),
  }));
}

/**
 * Resolves nested groups: for a person, every group reached by following "is member of" upwards,
 * whether the directory records it as `member` on the group (groupOfNames) or as `memberOf` on the
 * member (AD). A visited set ends cycles. Each group is named twice, by name and by DN, so the
 * mapping may use either.
 */
export class Gruppenauflosung {
  readonly #gruppen = new Map<string, VerzeichnisGruppe>();
  readonly #eltern = new Map<string, Set<string>>();

  constructor(gruppen: readonly VerzeichnisGruppe[]) {
    const kante = (kind: string, eltern: string) => {
      const k = DN_NORMAL(kind);
      let s = this.#eltern.get(k);
      if (!s) this.#eltern.set(k, (s = new Set()));
      s.add(DN_NORMAL(eltern));
    };
    for (const g of gruppen) {
      this.#gruppen.set(DN_NORMAL(g.dn), g);
      for (const m of g.member) if (DN_NORMAL(m) !== DN_NORMAL(g.dn)) kante(m, g.dn);
      for (const o of g.memberOf) kante(g.dn, o);
    }
  }

  /** All groups of the entry (direct and nested), each by name and by DN. */
  gruppenVon(eintrag: Pick<VerzeichnisEintrag, "dn" | "memberOf">): string[] {
    const gesehen = new Set<string>();
    const offen = [...(this.#eltern.get(DN_NORMAL(eintrag.dn)) ?? []), ...eintrag.memberOf.map(DN_NORMAL)];
    while (offen.length) {
      const dn = offen.pop()!;
      if (gesehen.has(dn)) continue;
      gesehen.add(dn);
      for (const e of this.#eltern.get(dn) ?? []) if (!gesehen.has(e)) offen.push(e);
    }
    const namen: string[] = [];
    for (const dn of gesehen) {
      const g = this.#gruppen.get(dn);
      if (g?.name) namen.push(g.name);
      namen.push(g?.dn ?? dn);
    }
    return namen.sort();
  }
}

/**
 * Checks a password by binding as the person: the service account looks the sign-in name up with
 * the configured filter (the name escaped, so it matches one entry literally), then the person's
 * DN binds with the password. An empty password is refused before any bind (an LDAP "unauthenticated
 * bind" would otherwise succeed), as are disabled AD accounts. Returns the entry and its groups.
 */
export async function pruefeVerzeichnisPasswort(
  cfg: LdapKonfiguration,
  benutzername: string,
  passwort: string,
): Promise<{ eintrag: VerzeichnisEintrag; gruppen: string[] } | null> {
  if (!passwort || !benutzername.trim()) return null;
  const name = escapeFilterWert(benutzername.trim());
  const namensfilter =
    cfg.art === "ad" ? `(|(sAMAccountName=${name})(userPrincipalName=${name}))` : `(uid=${name})`;
  const dienst = await verbindeDienst(cfg);
  let eintrag: VerzeichnisEintrag | null;
  let gruppen: VerzeichnisGruppe[];
  try {
    const { searchEntries } = await dienst.search(cfg.basisDn, {
      scope: "sub",
      filter: `(&${cfg.benutzerfilter}${namensfilter})`,
      attributes: personAttribute(cfg.art),
      explicitBufferAttributes: ["objectGUID"],
      sizeLimit: 2,
    });
    // Exactly one: two entries for one name is a directory fault, not a choice to make here.
    if (searchEntries.length !== 1) return null;
    eintrag = alsEintrag(cfg.art, searchEntries[0]!);
    if (!eintrag || eintrag.gesperrt) return null;
    gruppen = await leseGruppen(dienst, cfg);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // More than one match ends as "size limit exceeded": a refusal like any other.
    if ((error as { code?: number }).code === 4) return null;
    throw nichtErreichbar(error);
  } finally {
    await dienst.unbind().catch(() => undefined);
  }
  const person = await oeffne(cfg);
  try {
    await person.bind(eintrag.dn, passwort.normalize("NFC"));
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return null;
    throw nichtErreichbar(error);
  } finally {
    await person.unbind().catch(() => undefined);
  }
  return { eintrag, gruppen: new Gruppenauflosung(gruppen).gruppenVon(eintrag) };
}

import path from "node:path";
import { pathToFileURL } from "node:url";
import { serverListe } from "./database/primaerwahl.js";

/** Everything the process reads from its environment, validated once at start. */
export interface Config {
  /** TCP port of the HTTP server. */
  port: number;
  /** Interface to listen on; loopback unless an admin opens it. */
  host: string;
  /** Data directory: embedded database (`pg/`), blobs (`blobs/`), lock file. */
  dataDir: string;
  /**
   * External PostgreSQL; when absent the embedded server in `<data>/pg` is used. May list several
   * servers (`postgres://…@h1:5432,h2:5432/db`): Aktenwerk uses the writable one (failover).
   */
  databaseUrl: string | undefined;
  /**
   * A streaming replica (hot standby) of DATABASE_URL for reads where a stale answer is harmless
   * (Suche, Auswahl, Akten list, Postkorb); absent: everything reads from DATABASE_URL.
   */
  databaseReplicaUrl: string | undefined;
  /** `file:///path` or `s3://bucket?endpoint=…`; default: `<data>/blobs`. */
  blobStore: string;
  /** Password for all demo users; random when absent. */
  demoPassword: string | undefined;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (Secure cookies, client IP). */
  trustProxy: boolean;
  /** Largest accepted upload in bytes. */
  maxUploadBytes: number;
  /** Idle timeout of a browser session in minutes. */
  sessionIdleMinutes: number;
  /** Absolute lifetime of a browser session in hours. */
  sessionMaxHours: number;
  /** Run the job worker inside `serve`. */
  inProcessWorker: boolean;
  /** Jobs one worker process runs at once (OCR is limited separately, one per core). */
  workerConcurrency: number;
  /** Wall-clock limit of one parsing task (PDF, Office, e-mail, image) in the parser pool, seconds. */
  parserSekunden: number;
  /** How long a page's shell waits for its Vorabdaten (first API answers), milliseconds; 0: none. */
  vorabFristMs: number;
  /** pino log level. */
  logLevel: string;
  /**
   * How Aktenzeichen are formed. Tokens: {kennzeichen}, {lfdnr} (4 digits) or {lfdnr:N},
   * {jahr}, {jahr2}, {oe} (Kürzel of the federführende OE).
   */
  aktenzeichenMuster: string;
  /** Watched scan folders per OE: Kürzel → folder (AKTENWERK_SCANORDNER="63=/srv/scan/bau;51=/srv/scan/jugend"). */
  scanOrdner: { oe: string; ordner: string }[];
  /** Mailboxes polled per OE: Kürzel → imap(s)://benutzer:passwort@host:port/Ordner. */
  imap: { oe: string; url: string }[];
  /** Hosts outgoing connections may reach although they resolve to internal addresses. */
  erlaubteHosts: string[];
  /** Name of the authority, printed on Verfügungen and e-mails. */
  behoerde: string;
  /** Address users open Aktenwerk at, for links in e-mails. */
  basisUrl: string;
  /** Outgoing mail (smtp:// or smtps://benutzer:passwort@host:port); none: no e-mails are sent. */
  smtpUrl: string | null;
  /** Sender address of Aktenwerk's e-mails. */
  smtpAbsender: string;
  /** Days after which an overdue Frist is escalated to the OE's Leitung. */
  eskalationNachTagen: number;
  /** Directory with the official xdomea schemas (subdirectories 3.0.0/ and 3.1.0/ with xdomea.xsd). */
  xdomeaSchemas: string | null;
  /** Sign-in through an OpenID provider (Authorization Code + PKCE); null: not offered. */
  oidc: OidcConfig | null;
  /** false (AKTENWERK_LOKALE_ANMELDUNG=aus): Aktenwerk passwords only for the break-glass account. */
  lokaleAnmeldung: boolean;
  /** Benutzername of the local break-glass account that may always sign in with its password. */
  notfallkonto: string | null;
  /** Sign-in and sync against Active Directory or an LDAP directory; null: not configured. */
  ldap: LdapKonfiguration | null;
}

/** The OpenID provider Aktenwerk signs people in with (AKTENWERK_OIDC_*). */
export interface OidcConfig {
  /** Issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  /** Client secret; null for a public client (PKCE only). */
  clientSecret: string | null;
  /** Shown on the login page: "Anmelden mit <name>". */
  name: string;
  /** Claim with the person's groups (ID token or UserInfo), mapped by the Gruppenzuordnung. */
  gruppenClaim: string;
  /** `acr` values that mean a second factor (besides `amr` such as mfa, otp, hwk); AKTENWERK_OIDC_MFA_ACR. */
  mfaAcr: string[];
}

function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | null {
  const issuer = env.AKTENWERK_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError(`AKTENWERK_OIDC_ISSUER: „${issuer}“ ist keine URL.`);
  }
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ConfigError("AKTENWERK_OIDC_ISSUER muss mit https:// beginnen (http:// nur für localhost).");
  }
  const clientId = env.AKTENWERK_OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new ConfigError("AKTENWERK_OIDC_ISSUER ist gesetzt, AKTENWERK_OIDC_CLIENT_ID fehlt.");
  return {
    issuer,
    clientId,
    clientSecret: env.AKTENWERK_OIDC_CLIENT_SECRET || null,
    name: env.AKTENWERK_OIDC_NAME?.trim() || "Anmeldedienst",
    gruppenClaim: env.AKTENWERK_OIDC_GRUPPEN_CLAIM?.trim() || "groups",
    mfaAcr: (env.AKTENWERK_OIDC_MFA_ACR ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

function lokaleAnmeldung(env: NodeJS.ProcessEnv): { lokaleAnmeldung: boolean; notfallkonto: string | null } {
  const raw = env.AKTENWERK_LOKALE_ANMELDUNG?.trim() ?? "";
  if (!/^(|an|aus|true|false|ja|nein)$/i.test(raw)) {
    throw new ConfigError(`AKTENWERK_LOKALE_ANMELDUNG muss „an“ oder „aus“ sein (ist: "${raw}").`);
  }
  const an = !/^(aus|false|nein)$/i.test(raw);
  const notfallkonto = env.AKTENWERK_NOTFALLKONTO?.trim().toLowerCase() || null;
  if (!an && !notfallkonto) {
    throw new ConfigError(
      "AKTENWERK_LOKALE_ANMELDUNG=aus braucht ein Notfallkonto (AKTENWERK_NOTFALLKONTO=benutzername), sonst kommt bei einem Ausfall des Anmeldedienstes niemand mehr hinein.",
    );
  }
  return { lokaleAnmeldung: an, notfallkonto };
}

/** The directory (AKTENWERK_LDAP_*): where it is, how Aktenwerk binds, what it reads. */
export interface LdapKonfiguration {
  /** `ldaps://host:636` or `ldap://host:389` (then always StartTLS; plain text is never used). */
  url: string;
  /** Service account Aktenwerk searches with (read-only suffices). */
  bindDn: string;
  bindPasswort: string;
  /** Where people and groups are searched (subtree). */
  basisDn: string;
  /** `ad`: sAMAccountName/userPrincipalName, memberOf, userAccountControl; `ldap`: uid, groupOfNames. */
  art: "ad" | "ldap";
  /** Which entries are people Aktenwerk knows. */
  benutzerfilter: string;
  /** Which entries are groups (for nesting and the group mapping). */
  gruppenfilter: string;
  /** PEM file of the CA that signed the directory's certificate; none: the system's CAs. */
  ca: string | null;
  /** Minutes between scheduled syncs; 0: only by hand (`aktenwerk verzeichnis sync`). */
  syncMinuten: number;
}

const LDAP_FILTER_STANDARD = {
  ad: { benutzer: "(&(objectCategory=person)(objectClass=user))", gruppen: "(objectClass=group)" },
  ldap: {
    benutzer: "(objectClass=inetOrgPerson)",
    gruppen: "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))",
  },
} as const;

/** A filter as RFC 4515 wants it: in parentheses, balanced. */
function ldapFilter(name: string, value: string): string {
  let tiefe = 0;
  for (const c of value.replace(/\\./g, "")) {
    if (c === "(") tiefe++;
    if (c === ")" && --tiefe < 0) break;
  }
  if (!value.startsWith("(") || !value.endsWith(")") || tiefe !== 0)
    throw new ConfigError(`${name}: „${value}“ ist kein LDAP-Filter in Klammern, z. B. (objectClass=user).`);
  return value;
}

function ldapKonfiguration(env: NodeJS.ProcessEnv): LdapKonfiguration | null {
  const url = env.AKTENWERK_LDAP_URL?.trim();
  if (!url) return null;
  if (!/^ldaps?:\/\/[^/]+\/?$/.test(url))
    throw new ConfigError(
      `AKTENWERK_LDAP_URL: „${url}“ hat nicht die Form ldaps://host:636 oder ldap://host:389.`,
    );
  const pflicht = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(`${name} fehlt (nötig, wenn AKTENWERK_LDAP_URL gesetzt ist).`);
    return value;
  };
  const artRoh = env.AKTENWERK_LDAP_ART?.trim().toLowerCase() || "ad";
  if (artRoh !== "ad" && artRoh !== "ldap")
    throw new ConfigError(`AKTENWERK_LDAP_ART muss ad oder ldap sein (ist: "${artRoh}").`);
  const art: "ad" | "ldap" = artRoh;
  const ca = env.AKTENWERK_LDAP_CA?.trim();
  return {
    url: url.replace(/\/$/, ""),
    bindDn: pflicht("AKTENWERK_LDAP_BIND_DN"),
    bindPasswort: env.AKTENWERK_LDAP_BIND_PASSWORT || pflicht("AKTENWERK_LDAP_BIND_PASSWORT"),
    basisDn: pflicht("AKTENWERK_LDAP_BASIS_DN"),
    art,
    benutzerfilter: ldapFilter(
      "AKTENWERK_LDAP_BENUTZERFILTER",
      env.AKTENWERK_LDAP_BENUTZERFILTER?.trim() || LDAP_FILTER_STANDARD[art].benutzer,
    ),
    gruppenfilter: ldapFilter(
      "AKTENWERK_LDAP_GRUPPENFILTER",
      env.AKTENWERK_LDAP_GRUPPENFILTER?.trim() || LDAP_FILTER_STANDARD[art].gruppen,
    ),
    ca: ca ? path.resolve(ca) : null,
    syncMinuten: integer(env, "AKTENWERK_LDAP_SYNC_MINUTEN", 60, 0, 7 * 24 * 60),
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function smtpUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!/^smtps?:\/\/[^/]+/.test(value))
    throw new ConfigError(
      `AKTENWERK_SMTP_URL: „${value.replace(/:[^:@/]*@/, ":***@")}“ hat nicht die Form smtp(s)://benutzer:passwort@host:port.`,
    );
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} muss eine ganze Zahl sein (ist: "${raw}").`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(`${name} muss zwischen ${min} und ${max} liegen (ist: ${value}).`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|ja|on)$/i.test(raw)) return true;
  if (/^(0|false|nein|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} muss true oder false sein (ist: "${raw}").`);
}

/** Reads and checks the environment; throws ConfigError with a German message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.AKTENWERK_DATA || "./data");
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL muss mit postgres:// oder postgresql:// beginnen.");
  }
  if (databaseUrl !== undefined) {
    try {
      serverListe(databaseUrl);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL || undefined;
  if (databaseReplicaUrl !== undefined) {
    if (databaseUrl === undefined)
      throw new ConfigError(
        "DATABASE_REPLICA_URL braucht DATABASE_URL (das Replikat gehört zu einem externen PostgreSQL).",
      );
    if (!/^postgres(ql)?:\/\/[^,]*$/.test(databaseReplicaUrl))
      throw new ConfigError(
        "DATABASE_REPLICA_URL muss mit postgres:// oder postgresql:// beginnen und einen Server nennen.",
      );
  }
  const blobStore = env.BLOB_STORE || pathToFileURL(path.join(dataDir, "blobs")).href;
  if (!/^(file|s3):\/\//.test(blobStore)) {
    throw new ConfigError("BLOB_STORE muss mit file:// oder s3:// beginnen.");
  }
  const demoPassword = env.AKTENWERK_DEMO_PASSWORD || undefined;
  if (demoPassword !== undefined && demoPassword.length < 8) {
    throw new ConfigError("AKTENWERK_DEMO_PASSWORD muss mindestens 8 Zeichen lang sein.");
  }
  const aktenzeichenMuster = env.AKTENWERK_AKTENZEICHEN_MUSTER || "{kennzeichen}-{lfdnr}/{jahr}";
  const unknownTokens = [...aktenzeichenMuster.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1])
    .filter((t) => !/^(kennzeichen|lfdnr(:[1-9])?|jahr|jahr2|oe)$/.test(t ?? ""));
  if (
    unknownTokens.length > 0 ||
    !/\{lfdnr(:[1-9])?\}/.test(aktenzeichenMuster) ||
    !aktenzeichenMuster.includes("{kennzeichen}")
  ) {
    throw new ConfigError(
      "AKTENWERK_AKTENZEICHEN_MUSTER braucht {kennzeichen} und {lfdnr} und kennt sonst nur {jahr}, {jahr2}, {oe}, {lfdnr:N}.",
    );
  }
  const scanOrdner = (env.AKTENWERK_SCANORDNER ?? "")
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const i = e.indexOf("=");
      if (i <= 0 || !path.isAbsolute(e.slice(i + 1)))
        throw new ConfigError(`AKTENWERK_SCANORDNER: „${e}“ hat nicht die Form Kürzel=/absoluter/pfad.`);
      return { oe: e.slice(0, i), ordner: e.slice(i + 1) };
    });
  const imap = (env.AKTENWERK_IMAP ?? "")
    .split(";")
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const i = e.indexOf("=");
      const url = e.slice(i + 1);
      if (i <= 0 || !/^imaps?:\/\/[^/]+/.test(url))
        throw new ConfigError(
          `AKTENWERK_IMAP: „${e.replace(/:[^:@/]*@/, ":***@")}“ hat nicht die Form Kürzel=imaps://benutzer:passwort@host/Ordner.`,
        );
      return { oe: e.slice(0, i), url };
    });
  return {
    ldap: ldapKonfiguration(env),
    aktenzeichenMuster,
    scanOrdner,
    imap,
    erlaubteHosts: (env.AKTENWERK_ERLAUBTE_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    behoerde: env.AKTENWERK_BEHOERDE?.trim() || "Landkreis Musterkreis",
    basisUrl: (env.AKTENWERK_URL?.trim() || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, ""),
    smtpUrl: smtpUrl(env.AKTENWERK_SMTP_URL),
    smtpAbsender: env.AKTENWERK_SMTP_ABSENDER?.trim() || "aktenwerk@localhost",
    eskalationNachTagen: integer(env, "AKTENWERK_ESKALATION_TAGE", 3, 0, 365),
    xdomeaSchemas: env.AKTENWERK_XDOMEA_SCHEMAS?.trim()
      ? path.resolve(env.AKTENWERK_XDOMEA_SCHEMAS.trim())
      : null,
    port: integer(env, "PORT", 3000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    dataDir,
    databaseUrl,
    databaseReplicaUrl,
    blobStore,
    demoPassword,
    trustProxy: flag(env, "AKTENWERK_TRUST_PROXY", false),
    maxUploadBytes: integer(env, "AKTENWERK_MAX_UPLOAD_MB", 2048, 1, 1024 * 1024) * 1024 * 1024,
    sessionIdleMinutes: integer(env, "AKTENWERK_SESSION_IDLE_MINUTES", 480, 5, 7 * 24 * 60),
    sessionMaxHours: integer(env, "AKTENWERK_SESSION_MAX_HOURS", 12, 1, 24 * 30),
    inProcessWorker: flag(env, "AKTENWERK_WORKER", true),
    workerConcurrency: integer(env, "AKTENWERK_WORKER_CONCURRENCY", 4, 1, 64),
    parserSekunden: integer(env, "AKTENWERK_PARSER_SEKUNDEN", 60, 1, 3600),
    vorabFristMs: integer(env, "AKTENWERK_VORAB_FRIST_MS", 300, 0, 10_000),
    logLevel: env.LOG_LEVEL || "info",
    oidc: oidcConfig(env),
    ...lokaleAnmeldung(env),
  };
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "ldapts";

/** Debian's OpenLDAP server and its loader (packages `slapd ldap-utils`). */
export const SLAPD = "/usr/sbin/slapd";
const SLAPADD = "/usr/sbin/slapadd";
const SCHEMA = "/etc/ldap/schema";
const MODULE = "/usr/lib/ldap";

/** True when slapd, its loader, the standard schemas and openssl are there. */
export function slapdDa(): boolean {
  return (
    existsSync(SLAPD) &&
    existsSync(SLAPADD) &&
    existsSync(path.join(SCHEMA, "inetorgperson.schema")) &&
    spawnSync("openssl", ["version"]).status === 0
  );
}

/** Plain LDAP (`uid`, `inetOrgPerson`, `groupOfNames`) or an Active-Directory-like tree. */
export type Verzeichnisart = "ldap" | "ad";

export const BASIS_DN = "dc=landkreis,dc=test";
const ADMIN_DN = `cn=admin,${BASIS_DN}`;
const ADMIN_PASSWORT = "admin-geheim";
/** The service account Aktenwerk binds as to search (read-only). */
export const DIENST_DN = `cn=aktenwerk,ou=Dienste,${BASIS_DN}`;
export const DIENST_PASSWORT = "dienst-geheim-123";
/** Every person's directory password in the generated county. */
export const VERZEICHNIS_PASSWORT = "Verzeichnis-2026!";

/**
 * The few Active Directory attributes Aktenwerk reads, so slapd accepts an AD-shaped tree: in AD
 * `memberOf` is computed by the server; here the LDIF writes it, which also works with slapadd.
 * OIDs under an arc reserved for examples (1.3.6.1.4.1.32473, RFC 5612).
 */
const AD_SCHEMA = `
attributetype ( 1.3.6.1.4.1.32473.1.1.1 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.32473.1.1.2 NAME 'userPrincipalName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.32473.1.1.3 NAME 'memberOf'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( 1.3.6.1.4.1.32473.1.1.4 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.32473.1.2.1 NAME 'user' SUP inetOrgPerson STRUCTURAL
  MAY ( sAMAccountName $ userPrincipalName $ memberOf $ userAccountControl ) )
objectclass ( 1.3.6.1.4.1.32473.1.2.2 NAME 'group' SUP top STRUCTURAL
  MUST cn MAY ( member $ sAMAccountName $ memberOf $ description ) )
`;

/** A person of the test county. */
export interface VerzeichnisPerson {
  /** uid (plain LDAP) or sAMAccountName (AD). */
  kennung: string;
  vorname: string;
  nachname: string;
  /** The OE's organisational unit the entry lives under, e.g. "63". */
  ou: string;
  /** Groups the person is a direct member of, by cn. */
  gruppen: string[];
  /** AD only: userAccountControl bit 2 (ACCOUNTDISABLE). */
  gesperrt?: boolean;
}

/** A group; `in` names the groups it is itself a member of (nesting). */
export interface VerzeichnisGruppe {
  cn: string;
  in: string[];
}

export interface Landkreis {
  ous: string[];
  personen: VerzeichnisPerson[];
  gruppen: VerzeichnisGruppe[];
}

const VORNAMEN = ["Anna", "Bernd", "Clara", "Dieter", "Elif", "Frank", "Greta", "Hüseyin", "Ines", "Jörg"];
const NACHNAMEN = ["Müller", "Schmidt", "Özdemir", "Weiß", "Krause", "Jäger", "Brandt", "Nowak", "Fuchs"];

/**
 * A small county: OEs as organisational units, ~50 people, and nested groups. `GG-63-SB` holds the
 * Bauamt's clerks directly and, nested, the Sachgebiet 63.1 (`GG-631-SB`); `GG-ALLE` contains every
 * Sachbearbeitung group; two groups contain each other (a cycle a sync must survive).
 */
export function kleinerLandkreis(): Landkreis {
  const ous = ["10", "32", "51", "63", "70"];
  const gruppen: VerzeichnisGruppe[] = [
    { cn: "GG-ALLE", in: [] },
    { cn: "GG-63-SB", in: ["GG-ALLE"] },
    { cn: "GG-631-SB", in: ["GG-63-SB"] },
    { cn: "GG-63-LT", in: [] },
    { cn: "GG-51-SB", in: ["GG-ALLE"] },
    { cn: "GG-70-SB", in: ["GG-ALLE"] },
    { cn: "GG-10-ADMIN", in: [] },
    { cn: "GG-ZYKLUS-A", in: ["GG-ZYKLUS-B"] },
    { cn: "GG-ZYKLUS-B", in: ["GG-ZYKLUS-A"] },
    { cn: "GG-32-ALT", in: [] },
  ];
  const personen: VerzeichnisPerson[] = [];
  for (let i = 0; i < 48; i++) {
    const ou = ous[i % ous.length]!;
    const gruppe =
      ou === "63" ? (i % 2 === 0 ? "GG-63-SB" : "GG-631-SB") : ou === "10" ? "GG-ALLE" : `GG-${ou}-SB`;
    personen.push({
      kennung: `person${String(i).padStart(2, "0")}`,
      vorname: VORNAMEN[i % VORNAMEN.length]!,
      nachname: NACHNAMEN[i % NACHNAMEN.length]!,
      ou,
      gruppen: ou === "51" || ou === "70" || ou === "63" || ou === "10" ? [gruppe] : [],
    });
  }
  personen.push(
    { kennung: "bauer", vorname: "Berta", nachname: "Bauer", ou: "63", gruppen: ["GG-631-SB"] },
    { kennung: "leitung63", vorname: "Lena", nachname: "Lorenz", ou: "63", gruppen: ["GG-63-LT"] },
    { kennung: "zyklus", vorname: "Zora", nachname: "Zink", ou: "10", gruppen: ["GG-ZYKLUS-A"] },
    { kennung: "altamt", vorname: "Otto", nachname: "Alt", ou: "32", gruppen: ["GG-32-ALT"] },
  );
  return { ous, personen, gruppen };
}

/** A large county for the benchmark: `anzahl` people in `gruppenAnzahl` groups, some nested. */
export function grosserLandkreis(anzahl: number, gruppenAnzahl: number): Landkreis {
  const ous = Array.from({ length: 30 }, (_, i) => String(10 + i * 2));
  const gruppen: VerzeichnisGruppe[] = Array.from({ length: gruppenAnzahl }, (_, i) => ({
    cn: `GG-${String(i).padStart(3, "0")}`,
    // Every fifth group sits inside the group ten before it: chains three or four deep.
    in: i >= 10 && i % 5 === 0 ? [`GG-${String(i - 10).padStart(3, "0")}`] : [],
  }));
  const personen: VerzeichnisPerson[] = Array.from({ length: anzahl }, (_, i) => ({
    kennung: `p${String(i).padStart(5, "0")}`,
    vorname: VORNAMEN[i % VORNAMEN.length]!,
    nachname: NACHNAMEN[i % NACHNAMEN.length]!,
    ou: ous[i % ous.length]!,
    gruppen: [
      `GG-${String(i % gruppenAnzahl).padStart(3, "0")}`,
      `GG-${String((i * 7) % gruppenAnzahl).padStart(3, "0")}`,
    ],
  }));
  return { ous, personen, gruppen };
}

function ssha(passwort: string): string {
  const salt = randomBytes(8);
  const digest = createHash("sha1").update(passwort).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString("base64")}`;
}

/** The DN of a person's entry. */
export function personDn(art: Verzeichnisart, p: Pick<VerzeichnisPerson, "kennung" | "ou">): string {
  return art === "ad"
    ? `cn=${p.kennung},ou=${p.ou},ou=Landkreis,${BASIS_DN}`
    : `uid=${p.kennung},ou=${p.ou},ou=Landkreis,${BASIS_DN}`;
}

export function gruppenDn(cn: string): string {
  return `cn=${cn},ou=Gruppen,${BASIS_DN}`;
}

/** The county as LDIF, in the shape of `art`. */
export function landkreisLdif(art: Verzeichnisart, lk: Landkreis): string {
  const teile: string[] = [];
  const eintrag = (zeilen: string[]) => teile.push(zeilen.join("\n"));
  eintrag([
    `dn: ${BASIS_DN}`,
    "objectClass: dcObject",
    "objectClass: organization",
    "dc: landkreis",
    "o: Landkreis Test",
  ]);
  for (const ou of ["Landkreis", "Gruppen", "Dienste"])
    eintrag([`dn: ou=${ou},${BASIS_DN}`, "objectClass: organizationalUnit", `ou: ${ou}`]);
  for (const ou of lk.ous)
    eintrag([`dn: ou=${ou},ou=Landkreis,${BASIS_DN}`, "objectClass: organizationalUnit", `ou: ${ou}`]);
  eintrag([
    `dn: ${DIENST_DN}`,
    "objectClass: organizationalRole",
    "objectClass: simpleSecurityObject",
    "cn: aktenwerk",
    `userPassword: ${ssha(DIENST_PASSWORT)}`,
  ]);
  const passwort = ssha(VERZEICHNIS_PASSWORT);
  const mitglieder = new Map<string, string[]>(lk.gruppen.map((g) => [g.cn, []]));
  for (const p of lk.personen) {
    const dn = personDn(art, p);
    for (const g of p.gruppen) mitglieder.get(g)?.push(dn);
    const zeilen = [
      `dn: ${dn}`,
      `objectClass: ${art === "ad" ? "user" : "inetOrgPerson"}`,
      `cn: ${art === "ad" ? p.kennung : `${p.vorname} ${p.nachname}`}`,
      `givenName:: ${Buffer.from(p.vorname).toString("base64")}`,
      `sn:: ${Buffer.from(p.nachname).toString("base64")}`,
      `mail: ${p.kennung}@landkreis.test`,
      `userPassword: ${passwort}`,
    ];
    if (art === "ad") {
      zeilen.push(
        `sAMAccountName: ${p.kennung}`,
        `userPrincipalName: ${p.kennung}@landkreis.test`,
        `userAccountControl: ${p.gesperrt ? 514 : 512}`,
        ...p.gruppen.map((g) => `memberOf: ${gruppenDn(g)}`),
      );
    } else {
      zeilen.push(`uid: ${p.kennung}`);
    }
    eintrag(zeilen);
  }
  for (const g of lk.gruppen) for (const oben of g.in) mitglieder.get(oben)?.push(gruppenDn(g.cn));
  for (const g of lk.gruppen) {
    const member = mitglieder.get(g.cn)!;
    if (art === "ad") {
      eintrag([
        `dn: ${gruppenDn(g.cn)}`,
        "objectClass: group",
        `cn: ${g.cn}`,
        `sAMAccountName: ${g.cn}`,
        ...member.map((m) => `member: ${m}`),
        ...g.in.map((oben) => `memberOf: ${gruppenDn(oben)}`),
      ]);
    } else {
      // groupOfNames needs at least one member; an empty group names itself, as is customary.
      eintrag([
        `dn: ${gruppenDn(g.cn)}`,
        "objectClass: groupOfNames",
        `cn: ${g.cn}`,
        ...(member.length ? member : [gruppenDn(g.cn)]).map((m) => `member: ${m}`),
      ]);
    }
  }
  return `${teile.join("\n\n")}\n`;
}

function freierPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function fuehreAus(programm: string, args: string[], input?: string): void {
  const r = spawnSync(programm, args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${programm} ${args.join(" ")} scheiterte (${r.status}): ${r.stderr}`);
}

export interface Slapd {
  art: Verzeichnisart;
  /** `ldap://127.0.0.1:port` (StartTLS offered) */
  url: string;
  /** `ldaps://127.0.0.1:port` */
  ldapsUrl: string;
  /** The test CA (PEM) that signed the server certificate. */
  caPfad: string;
  /** The environment for Aktenwerk's LDAP settings against this server. */
  umgebung(url?: string): Record<string, string>;
  /** Changes entries as the directory's administrator (LDIF with changetype). */
  aendere(aenderung: (client: Client) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

const laufende = new Set<ChildProcess>();
process.once("exit", () => {
  for (const p of laufende) p.kill("SIGKILL");
});

/**
 * Starts slapd on free loopback ports with a fresh mdb database in a temp directory, loaded with
 * `ldif` by slapadd (fast even for thousands of entries), LDAPS and StartTLS with a certificate made
 * for this run. `stop()` ends the server and removes the directory.
 */
export async function starteSlapd(art: Verzeichnisart, ldif: string): Promise<Slapd> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-slapd-"));
  const daten = path.join(dir, "daten");
  await fs.mkdir(daten);
  const caPfad = path.join(dir, "ca.pem");
  const schluessel = path.join(dir, "server.key");
  const zertifikat = path.join(dir, "server.pem");
  // A CA, then a server certificate for 127.0.0.1 signed by it: the client trusts only the CA.
  fuehreAus("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    path.join(dir, "ca.key"),
    "-out",
    caPfad,
    "-days",
    "2",
    "-subj",
    "/CN=Aktenwerk Test-CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  fuehreAus("openssl", [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    schluessel,
    "-out",
    path.join(dir, "server.csr"),
    "-subj",
    "/CN=localhost",
  ]);
  await fs.writeFile(
    path.join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  fuehreAus("openssl", [
    "x509",
    "-req",
    "-in",
    path.join(dir, "server.csr"),
    "-CA",
    caPfad,
    "-CAkey",
    path.join(dir, "ca.key"),
    "-CAcreateserial",
    "-out",
    zertifikat,
    "-days",
    "2",
    "-extfile",
    path.join(dir, "server.ext"),
  ]);
  await fs.writeFile(path.join(dir, "ad.schema"), AD_SCHEMA);
  const conf = path.join(dir, "slapd.conf");
  await fs.writeFile(
    conf,
    [
      ...["core", "cosine", "inetorgperson", "nis"].map((s) => `include ${SCHEMA}/${s}.schema`),
      `include ${path.join(dir, "ad.schema")}`,
      `pidfile ${path.join(dir, "slapd.pid")}`,
      `modulepath ${MODULE}`,
      "moduleload back_mdb",
      `TLSCACertificateFile ${caPfad}`,
      `TLSCertificateFile ${zertifikat}`,
      `TLSCertificateKeyFile ${schluessel}`,
      // Like AD (MaxPageSize 1000): large reads must page.
      "sizelimit size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=unlimited",
      "database mdb",
      "maxsize 1073741824",
      `suffix "${BASIS_DN}"`,
      `rootdn "${ADMIN_DN}"`,
      `rootpw ${ADMIN_PASSWORT}`,
      `directory ${daten}`,
      "index objectClass,uid,cn,sAMAccountName,userPrincipalName,member,memberOf eq",
      "access to attrs=userPassword by self read by anonymous auth by * none",
      "access to * by * read",
      "",
    ].join("\n"),
  );
  const ldifPfad = path.join(dir, "daten.ldif");
  await fs.writeFile(ldifPfad, ldif);
  fuehreAus(SLAPADD, ["-q", "-f", conf, "-l", ldifPfad]);
  const [port, ldapsPort] = [await freierPort(), await freierPort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  // -d 0: in the foreground, so the child is the server and killing it stops it.
  const child = spawn(SLAPD, ["-d", "0", "-f", conf, "-h", `${url}/ ${ldapsUrl}/`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  laufende.add(child);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const beendet = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const admin = async (): Promise<Client> => {
    const c = new Client({ url });
    await c.bind(ADMIN_DN, ADMIN_PASSWORT);
    return c;
  };
  // Ready when a bind succeeds.
  for (let versuch = 0; ; versuch++) {
    if (child.exitCode !== null) throw new Error(`slapd beendet (${child.exitCode}): ${stderr}`);
    try {
      await (await admin()).unbind();
      break;
    } catch (error) {
      if (versuch > 100) throw new Error(`slapd antwortet nicht: ${stderr}`, { cause: error });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    art,
    url,
    ldapsUrl,
    caPfad,
    umgebung: (u = ldapsUrl) => ({
      AKTENWERK_LDAP_URL: u,
      AKTENWERK_LDAP_BIND_DN: DIENST_DN,
      AKTENWERK_LDAP_BIND_PASSWORT: DIENST_PASSWORT,
      AKTENWERK_LDAP_BASIS_DN: BASIS_DN,
      AKTENWERK_LDAP_ART: art,
      AKTENWERK_LDAP_CA: caPfad,
    }),
    async aendere(aenderung) {
      const c = await admin();
      try {
        await aenderung(c);
      } finally {
        await c.unbind();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const zuLange = setTimeout(() => child.kill("SIGKILL"), 5000);
        await beendet;
        clearTimeout(zuLange);
      }
      laufende.delete(child);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

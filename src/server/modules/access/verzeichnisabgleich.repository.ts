import type { Queryable } from "../../platform/database/database.js";
import type { Rolle } from "./access.types.js";
import type { AbgleichPerson, Verzeichnisbericht } from "./verzeichnisabgleich.schema.js";
import type { MitgliedschaftMitHerkunft } from "./verzeichnis.types.js";

/** An account that follows the LDAP directory, as the sync compares it. */
export interface LdapKonto {
  id: string;
  benutzername: string;
  vorname: string;
  nachname: string;
  email: string | null;
  aktiv: boolean;
  externeKennung: string;
  verzeichnisgruppen: string[];
  mitgliedschaften: MitgliedschaftMitHerkunft[];
}

/** Every LDAP account with its memberships, in two reads (the sync compares all of them). */
export async function ladeLdapKonten(q: Queryable): Promise<LdapKonto[]> {
  const { rows } = await q.query<{
    id: string;
    benutzername: string;
    vorname: string;
    nachname: string;
    email: string | null;
    aktiv: boolean;
    externe_kennung: string;
    verzeichnisgruppen: string[] | null;
  }>(
    `SELECT id, benutzername, vorname, nachname, email, aktiv, externe_kennung, verzeichnisgruppen
       FROM benutzer WHERE anmeldequelle = 'ldap'`,
  );
  const { rows: mitglied } = await q.query<{
    benutzer_id: string;
    oe_id: string;
    kuerzel: string;
    rolle: Rolle;
    herkunft: "manuell" | "verzeichnis";
  }>(
    `SELECT m.benutzer_id, m.oe_id, o.kuerzel, m.rolle, m.herkunft FROM mitgliedschaft m
       JOIN organisationseinheit o ON o.id = m.oe_id JOIN benutzer b ON b.id = m.benutzer_id
      WHERE b.anmeldequelle = 'ldap'`,
  );
  const je = new Map<string, MitgliedschaftMitHerkunft[]>();
  for (const m of mitglied) {
    const liste = je.get(m.benutzer_id) ?? [];
    liste.push({ oeId: m.oe_id, oeKuerzel: m.kuerzel, rolle: m.rolle, herkunft: m.herkunft });
    je.set(m.benutzer_id, liste);
  }
  return rows.map((r) => ({
    id: r.id,
    benutzername: r.benutzername,
    vorname: r.vorname,
    nachname: r.nachname,
    email: r.email,
    aktiv: r.aktiv,
    externeKennung: r.externe_kennung,
    verzeichnisgruppen: r.verzeichnisgruppen ?? [],
    mitgliedschaften: je.get(r.id) ?? [],
  }));
}

/** Stores a sync's report; its id. */
export async function speichereBericht(
  q: Queryable,
  b: Omit<Verzeichnisbericht, "id" | "probe">,
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO verzeichnisabgleich (begonnen_am, beendet_am, ausgeloest, erfolgreich, fehler, personen, gruppen,
       angelegt, geaendert, deaktiviert, uebersprungen, unveraendert, bericht)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      b.begonnenAm,
      b.beendetAm,
      b.ausgeloest,
      b.erfolgreich,
      b.fehler?.slice(0, 2000) ?? null,
      b.personen,
      b.gruppen,
      b.anzahl.angelegt,
      b.anzahl.geaendert,
      b.anzahl.deaktiviert,
      b.anzahl.uebersprungen,
      b.anzahl.unveraendert,
      JSON.stringify({
        angelegt: b.angelegt,
        geaendert: b.geaendert,
        deaktiviert: b.deaktiviert,
        uebersprungen: b.uebersprungen,
      }),
    ],
  );
  return rows[0]!.id;
}

/** The most recent sync's report, or undefined before the first. */
export async function letzterBericht(q: Queryable): Promise<Verzeichnisbericht | undefined> {
  const { rows } = await q.query<{
    id: string;
    begonnen_am: Date;
    beendet_am: Date;
    ausgeloest: "befehl" | "zeitplan";
    erfolgreich: boolean;
    fehler: string | null;
    personen: number;
    gruppen: number;
    angelegt: number;
    geaendert: number;
    deaktiviert: number;
    uebersprungen: number;
    unveraendert: number;
    bericht: Partial<Record<"angelegt" | "geaendert" | "deaktiviert" | "uebersprungen", AbgleichPerson[]>>;
  }>("SELECT * FROM verzeichnisabgleich ORDER BY nr DESC LIMIT 1");
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    probe: false,
    ausgeloest: r.ausgeloest,
    begonnenAm: r.begonnen_am.toISOString(),
    beendetAm: r.beendet_am.toISOString(),
    erfolgreich: r.erfolgreich,
    fehler: r.fehler,
    personen: r.personen,
    gruppen: r.gruppen,
    anzahl: {
      angelegt: r.angelegt,
      geaendert: r.geaendert,
      deaktiviert: r.deaktiviert,
      uebersprungen: r.uebersprungen,
      unveraendert: r.unveraendert,
    },
    angelegt: r.bericht.angelegt ?? [],
    geaendert: r.bericht.geaendert ?? [],
    deaktiviert: r.bericht.deaktiviert ?? [],
    uebersprungen: r.bericht.uebersprungen ?? [],
  };
}

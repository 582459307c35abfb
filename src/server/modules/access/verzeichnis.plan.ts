import type {
  Gruppenzuordnung,
  MitgliedschaftMitHerkunft,
  MitgliedschaftsPlan,
  OeRolle,
  VerwaisteGruppe,
} from "./verzeichnis.types.js";

/**
 * How groups are compared: NFC, trimmed, case-insensitive (LDAP names and DNs are
 * case-insensitive; claim values from one provider do not differ only in case in practice).
 */
export function normalisiereGruppe(gruppe: string): string {
  return gruppe.normalize("NFC").trim().toLowerCase();
}

const schluessel = (m: { oeId: string; rolle: string }): string => `${m.oeId}\u0000${m.rolle}`;

/**
 * Plans a person's memberships from their directory groups, without touching the database.
 *
 * The directory owns only the memberships it granted (Herkunft `verzeichnis`): those are added
 * and removed to match the mapping; memberships granted in the Verwaltung (`manuell`) are never
 * removed, and a membership the directory grants that is already held manually stays manual. A
 * group whose mapping row points at a deactivated OE is reported and changes nothing: it grants
 * nothing, and a directory membership in that OE with that role is kept, so a mistake in the
 * Verwaltung does not silently strip people of their access.
 */
export function planeMitgliedschaften(
  gruppen: readonly string[],
  zuordnung: readonly Gruppenzuordnung[],
  bestehend: readonly MitgliedschaftMitHerkunft[],
): MitgliedschaftsPlan {
  const meine = new Map<string, string>();
  for (const g of gruppen) {
    const n = normalisiereGruppe(g);
    if (n && !meine.has(n)) meine.set(n, g.trim());
  }
  const ziel = new Map<string, OeRolle>();
  const geschuetzt = new Set<string>();
  const verwaist: VerwaisteGruppe[] = [];
  const zugeordnet = new Set<string>();
  for (const z of zuordnung) {
    const n = normalisiereGruppe(z.gruppe);
    const gruppe = meine.get(n);
    if (gruppe === undefined) continue;
    zugeordnet.add(n);
    const m = { oeId: z.oeId, oeKuerzel: z.oeKuerzel, rolle: z.rolle };
    if (z.oeAktiv) {
      ziel.set(schluessel(m), m);
    } else {
      geschuetzt.add(schluessel(m));
      verwaist.push({ gruppe, ...m });
    }
  }
  const vorhanden = new Set(bestehend.map(schluessel));
  const hinzufuegen = [...ziel.values()].filter((m) => !vorhanden.has(schluessel(m)));
  const entfernen = bestehend
    .filter((m) => m.herkunft === "verzeichnis")
    .filter((m) => !ziel.has(schluessel(m)) && !geschuetzt.has(schluessel(m)))
    .map(({ oeId, oeKuerzel, rolle }) => ({ oeId, oeKuerzel, rolle }));
  const sortiere = <T extends { oeKuerzel: string; rolle: string }>(xs: T[]): T[] =>
    xs.sort((a, b) => a.oeKuerzel.localeCompare(b.oeKuerzel, "de") || a.rolle.localeCompare(b.rolle, "de"));
  return {
    ziel: sortiere([...ziel.values()]),
    hinzufuegen: sortiere(hinzufuegen),
    entfernen: sortiere(entfernen),
    verwaisteGruppen: sortiere(verwaist),
    ohneZuordnung: [...meine.entries()].filter(([n]) => !zugeordnet.has(n)).map(([, g]) => g),
  };
}

/** The OIDC stable key: `sub` is unique only per issuer, so both make the key. */
export function oidcKennung(issuer: string, sub: string): string {
  return `${issuer} ${sub}`;
}

const UMLAUTE: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * A valid Benutzername (`^[a-z0-9][a-z0-9._-]{1,62}$`) from what a directory offers: the part
 * before an "@" (UPN, e-mail), umlauts spelled out, other letters without accents, anything else
 * as a dot. Falls back to "benutzer" when nothing usable is left; uniqueness is the caller's.
 */
export function bildeBenutzername(wunsch: string): string {
  const lokal = wunsch.normalize("NFC").trim().toLowerCase().split("@")[0] ?? "";
  const name = lokal
    .replace(/[äöüß]/g, (c) => UMLAUTE[c] ?? c)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9._-]+/g, ".")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 58)
    .replace(/[._-]+$/, "");
  return name.length >= 2 ? name : "benutzer";
}

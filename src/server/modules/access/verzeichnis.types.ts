import type { Rolle } from "../../../shared/organisation.js";
import type { Benutzer } from "./access.types.js";

/** Where a person signs in: an Aktenwerk password, an OpenID provider or the LDAP directory. */
export type Anmeldequelle = "lokal" | "oidc" | "ldap";

/** A directory source, i.e. every Anmeldequelle except the local password. */
export type Verzeichnisquelle = Exclude<Anmeldequelle, "lokal">;

/** Where a membership comes from: granted in the Verwaltung, or derived from the group mapping. */
export type Herkunft = "manuell" | "verzeichnis";

/** One row of the group mapping: members of `gruppe` get `rolle` in the OE. */
export interface Gruppenzuordnung {
  id: string;
  /** LDAP group name or DN, or a value of the OIDC group claim, as the Administration typed it. */
  gruppe: string;
  oeId: string;
  oeKuerzel: string;
  oeName: string;
  /** false: the OE was deactivated; the row is stale and changes nothing until it is fixed. */
  oeAktiv: boolean;
  rolle: Rolle;
}

/** A membership as the planner sees it: OE, role and where it came from. */
export interface MitgliedschaftMitHerkunft {
  oeId: string;
  oeKuerzel: string;
  rolle: Rolle;
  herkunft: Herkunft;
}

/** A membership named by OE and role. */
export interface OeRolle {
  oeId: string;
  oeKuerzel: string;
  rolle: Rolle;
}

/** A group the person has whose mapping points at an OE that no longer exists (deactivated). */
export interface VerwaisteGruppe {
  gruppe: string;
  oeId: string;
  oeKuerzel: string;
  rolle: Rolle;
}

/** What the group mapping makes of one person's directory groups (see `planeMitgliedschaften`). */
export interface MitgliedschaftsPlan {
  /** All memberships the directory grants the person now (active OEs only). */
  ziel: OeRolle[];
  /** Memberships to add (with Herkunft `verzeichnis`): in `ziel`, not held at all yet. */
  hinzufuegen: OeRolle[];
  /** Directory memberships to remove: no longer in `ziel` and not protected by a stale group. */
  entfernen: OeRolle[];
  /** Groups that map to a deactivated OE: they neither add nor remove anything for this person. */
  verwaisteGruppen: VerwaisteGruppe[];
  /** The person's groups no mapping row names (for reports; they change nothing). */
  ohneZuordnung: string[];
}

/** A person as a directory describes them, to create or update their Aktenwerk account. */
export interface Verzeichnisbenutzer {
  quelle: Verzeichnisquelle;
  /** Stable key in the directory: OIDC "<issuer> <sub>" (`oidcKennung`), LDAP entryUUID/objectGUID. */
  externeKennung: string;
  /** Wanted Benutzername (preferred_username, sAMAccountName, uid); made valid and unique. */
  benutzername: string;
  vorname: string;
  nachname: string;
  email: string | null;
  /** The person's groups (claim values, group names or DNs), nested groups already resolved. */
  gruppen: string[];
}

/** What `gleicheVerzeichnisbenutzerAbInTx` did for one person. */
export interface VerzeichnisAbgleich {
  benutzer: Benutzer;
  angelegt: boolean;
  /** Fields of the account that changed (benutzername, vorname, nachname, email). */
  geaendert: string[];
  hinzugefuegt: OeRolle[];
  entfernt: OeRolle[];
  verwaisteGruppen: VerwaisteGruppe[];
}

import type { Archivwuerdigkeit, MetadatenTyp } from "../../../shared/aktenplan.js";

export {
  archivwuerdigkeiten,
  metadatenTypen,
  type Archivwuerdigkeit,
  type MetadatenTyp,
} from "../../../shared/aktenplan.js";

/** A typed field that Vorgänge under this unit carry (e.g. "Bauvorhaben", "Baukosten"). */
export interface Metadatenfeld {
  /** Key in the Vorgang's metadata, e.g. `baukosten`. */
  schluessel: string;
  bezeichnung: string;
  typ: MetadatenTyp;
  pflicht: boolean;
  /** The choices of an Auswahl field. */
  optionen?: string[];
}

export interface Aktenplaneinheit {
  id: string;
  parentId: string | null;
  kennzeichen: string;
  titel: string;
  beschreibung: string;
  /** Years; null: inherited (see `wirksam`) or unbefristet. */
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  /** New Akten here are restricted by default (e.g. Personalakten). */
  zugriffsbeschraenkung: boolean;
  zustaendigeOe: { id: string; kuerzel: string; name: string } | null;
  metadatenfelder: Metadatenfeld[];
  /** Closed for new Akten. */
  geschlossen: boolean;
  version: number;
}

/** What applies to a unit after inheritance from its ancestors. */
export interface Wirksam {
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: Archivwuerdigkeit | null;
  zustaendigeOe: { id: string; kuerzel: string; name: string } | null;
}

export interface AktenplaneinheitMitStand extends Aktenplaneinheit {
  /** A leaf: Akten may be created here. */
  blatt: boolean;
  /** Number of Akten filed under this unit (any status). */
  anzahlAkten: number;
  wirksam: Wirksam;
}

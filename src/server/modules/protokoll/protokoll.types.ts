import type { Akteur } from "../../platform/akteur.js";

/**
 * Everything the Protokoll records, as one union: a new kind of entry is added here first,
 * so the list of auditable actions stays readable in one place.
 */
export type ProtokollAktion =
  // access
  | "anmeldung"
  | "anmeldung.fehlgeschlagen"
  | "abmeldung"
  | "sitzung.beendet"
  | "sitzungen.beendet"
  | "organisationseinheit.angelegt"
  | "organisationseinheit.geaendert"
  | "benutzer.angelegt"
  | "benutzer.geaendert"
  | "benutzer.passwort_gesetzt"
  | "mitgliedschaft.hinzugefuegt"
  | "mitgliedschaft.entfernt"
  | "api_token.erstellt"
  | "api_token.widerrufen"
  // aktenplan
  | "aktenplan.einheit_angelegt"
  | "aktenplan.einheit_geaendert"
  | "aktenplan.einheit_geloescht"
  | "aktenplan.importiert"
  // records
  | "akte.angelegt"
  | "akte.geaendert"
  | "akte.geloescht"
  | "akte.zugriff_geaendert"
  | "akte.beschraenkt_gelesen"
  | "vorgang.angelegt"
  | "vorgang.geaendert"
  | "vorgang.umprotokolliert"
  | "vorgang.zda"
  | "vorgang.zda_aufgehoben"
  | "dokument.angelegt"
  | "dokument.geaendert"
  | "dokument.version_angelegt"
  // posteingang
  | "posteingang.aufgenommen"
  | "posteingang.registriert"
  | "posteingang.verworfen"
  | "posteingang.weitergeleitet"
  | "posteingang.regel_angelegt"
  | "posteingang.regel_geloescht"
  // workflow
  | "vertretung.abwesenheit_angelegt"
  | "vertretung.abwesenheit_geloescht"
  | "vertretung.standard_gesetzt"
  | "geschaeftsgang.gestartet"
  | "geschaeftsgang.geaendert"
  | "geschaeftsgang.abgeschlossen"
  | "geschaeftsgang.abgebrochen"
  | "schritt.uebernommen"
  | "schritt.erledigt"
  | "schritt.weitergeleitet"
  | "schritt.uebersprungen"
  | "schritt.eskaliert"
  | "vorgang.frist_eskaliert"
  | "akte.beteiligt"
  | "dokument.gezeichnet"
  | "wiedervorlage.angelegt"
  | "wiedervorlage.erledigt"
  | "benachrichtigung.gelesen"
  | "benachrichtigung.tagesbericht_geaendert"
  | "zeichnungsbefugnis.geaendert"
  | "laufwegvorlage.geaendert"
  // aussonderung
  | "akte.aufbewahrung_geaendert"
  | "akte.loeschsperre_gesetzt"
  | "akte.loeschsperre_aufgehoben"
  | "akte.uebernommen"
  | "akte.inhalt_geloescht"
  | "akte.abgegeben"
  | "xdomea.exportiert"
  | "xdomea.importiert"
  // platform
  | "system.demo_angelegt"
  | "system.wiederhergestellt";

export interface NeuerProtokollEintrag {
  /** Who acted: a user or the system (CLI, jobs). */
  akteur: Akteur | "system";
  /** How the system names itself here ("System (xdomea)"); without it "System". */
  systemName?: string;
  /** The principal when a deputy acts "i.V.". */
  imAuftragVon?: { id: string; benutzername: string; anzeigename: string };
  aktion: ProtokollAktion;
  objektArt: string;
  objektId: string;
  details?: Record<string, unknown>;
}

export interface ProtokollEintrag {
  nr: number;
  zeit: string;
  akteurId: string | null;
  akteurName: string;
  imAuftragVonId: string | null;
  imAuftragVonName: string | null;
  aktion: string;
  objektArt: string;
  objektId: string;
  details: Record<string, unknown>;
  vorherigerHash: string;
  hash: string;
}

// The front door of Schriftgut: routes, use cases, the access gate, read models and SQL fragments
// for other modules' queries, and types. Writes go only through the use cases.

// Routes and Protokoll view (composition root).
export { aktenRoutes } from "./akten.routes.js";
export { dokumenteRoutes } from "./dokumente.routes.js";
export { vorgaengeRoutes } from "./vorgaenge.routes.js";
export { schwaerzeProtokoll } from "./protokoll-sicht.js";

// Use cases.
export { createAkte, type NeueAkte } from "./akte-anlegen.service.js";
export { beteiligeAdressatenInTx } from "./akte-beteiligen.service.js";
export {
  lockAkteInTx,
  loescheInhaltDerAkteInTx,
  setzeAufbewahrungInTx,
  type Aussonderungsgrund,
} from "./aufbewahrung.service.js";
export {
  schliesseAbgegebeneAkteInTx,
  uebernehmeAkteInTx,
  type Austauschender,
  type UebernommeneAkte,
  type UebernommenerVorgang,
  type UebernommenesDokument,
  type UebernommeneVersion,
} from "./austausch.service.js";
export { createDokument, legeDokumentAnInTx, legeSystemdokumentAnInTx } from "./dokument-anlegen.service.js";
export { legeVersionAnInTx } from "./dokument-version.service.js";
export { zeichneDokumentInTx } from "./dokument-zeichnen.service.js";
export { createVorgang, legeVorgangAnInTx, type NeuerVorgang } from "./vorgang-anlegen.service.js";
export { getVorgang } from "./vorgang-lesen.service.js";
export { vermerkeFristEskalationInTx } from "./vorgang-frist.service.js";
export { setzeZdaInTx } from "./vorgang-zda.service.js";

// The access gate and what it decides with.
export { profilFuer, requireAkte, requireVorgang } from "./zugriffstor.js";
export { type Zugriffsprofil } from "./akten.policy.js";
export { sichtbarSql, zugriffsdaten, zugriffsdatenVieler } from "./akten.repository.js";
export { inhaltSchluesselDerAkte, inhaltSchluesselDesProfils } from "./sichtbarkeit.js";
export { inhaltLeser } from "./inhalt-leser.js";

// Read models and SQL fragments for other modules.
export { aufbewahrungsgrundlageSql, versionNutztBlobSql } from "./aufbewahrung.repository.js";
export {
  akteFrom,
  akteJoin,
  aktenJeAktenplaneinheit,
  dokumentKopf,
  dokumentMitDatei,
  dokumenteDerAkteSql,
  dokumenteSql,
  indexdatenVieler,
  lesbareVorgaengeSql,
  offenerVorgangVonAbsender,
  vorgangFrom,
  vorgangJoin,
  vorgangOffenSql,
  vorgangZuAktenzeichen,
  type Indexdaten,
} from "./auskunft.repository.js";
export {
  aktenzeichenVergeben,
  aktenZumAustausch,
  inhaltZumAustausch,
  type AkteZumAustausch,
  type DokumentZumAustausch,
  type VersionZumAustausch,
  type VorgangZumAustausch,
} from "./austausch.repository.js";

// Types.
export { type AkteZugriffsdaten } from "./akten.types.js";
export { dokumentTypen, type DokumentMetadaten, type DokumentTyp } from "./dokumente.types.js";

// What the pickers and the search read (through the one visibility rule).
export { aktenZurAuswahl, vorgaengeZurAuswahl } from "./auswahl.repository.js";
export { suchobjekteSql } from "./volltext.repository.js";
export { zaehleSichtbareAktenJeEinheit } from "./akten-zaehlung.service.js";
export {
  akteOeSql,
  kennzahlenSchriftgut,
  vorgangOeSql,
  zaehleDokumentansicht,
} from "./kennzahlen.repository.js";

// The demo county's back-dated history (seeding only).
export { DEMO_PRAEFIX, legeDemoAktenAn, type DemoAkte, type DemoVorgang } from "./demo-historie.service.js";

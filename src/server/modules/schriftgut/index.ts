export { type Zugriffsprofil } from "./akten.policy.js";
export { zugriffsdaten } from "./akten.repository.js";
export { aktenRoutes } from "./akten.routes.js";
export {
  beteiligeAdressatenInTx,
  createAkte,
  profilFuer,
  protokolliereSchriftgutInTx,
  requireAkte,
  sichtbarSql,
  type NeueAkte,
} from "./akten.service.js";
export { type AkteZugriffsdaten } from "./akten.types.js";
export { aufbewahrungsgrundlageSql, versionNutztBlobSql } from "./aufbewahrung.repository.js";
export {
  lockAkteInTx,
  loescheInhaltDerAkteInTx,
  setzeAufbewahrungInTx,
  type Aussonderungsgrund,
} from "./aufbewahrung.service.js";
export {
  akteFrom,
  akteJoin,
  aktenJeAktenplaneinheit,
  dokumenteDerAkteSql,
  dokumenteSql,
  indexdatenDesDokuments,
  vorgangFrom,
  vorgangJoin,
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
export {
  schliesseAbgegebeneAkteInTx,
  uebernehmeAkteInTx,
  type Austauschender,
  type UebernommeneAkte,
  type UebernommenerVorgang,
  type UebernommenesDokument,
  type UebernommeneVersion,
} from "./austausch.service.js";
export { offenerVorgangVonAbsender } from "./dokumente.repository.js";
export { dokumenteRoutes } from "./dokumente.routes.js";
export {
  createDokument,
  dokumentKopf,
  legeDokumentAnInTx,
  legeSystemdokumentAnInTx,
  legeVersionAnInTx,
  zeichneDokumentInTx,
} from "./dokumente.service.js";
export { dokumentTypen, type DokumentMetadaten, type DokumentTyp } from "./dokumente.types.js";
export { inhaltLeser } from "./inhalt-leser.js";
export { schwaerzeProtokoll } from "./protokoll-sicht.js";
export { inhaltSchluesselDerAkte, inhaltSchluesselDesProfils } from "./sichtbarkeit.js";
export { lesbareVorgaengeSql, vorgangOffenSql, vorgangZuAktenzeichen } from "./vorgaenge.repository.js";
export { vorgaengeRoutes } from "./vorgaenge.routes.js";
export {
  createVorgang,
  legeVorgangAnInTx,
  requireVorgang,
  setzeZdaInTx,
  type NeuerVorgang,
} from "./vorgaenge.service.js";
export { vermerkeFristEskalationInTx } from "./vorgang-frist.service.js";

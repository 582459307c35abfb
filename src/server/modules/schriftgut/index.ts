export { type Zugriffsprofil } from "./akten.policy.js";
export { insertAkte, zugriffsdaten } from "./akten.repository.js";
export { aktenRoutes } from "./akten.routes.js";
export {
  beteiligeAdressaten,
  createAkte,
  profilFuer,
  protokolliere,
  requireAkte,
  sichtbarSql,
} from "./akten.service.js";
export { bereinigeDateiname, contentDisposition } from "../../platform/dateieingang/index.js";
export { insertDokument, insertVersion } from "./dokumente.repository.js";
export { dokumenteRoutes } from "./dokumente.routes.js";
export {
  createDokument,
  dokumentKopf,
  legeDokumentAn,
  legeSystemdokumentAn,
  legeVersionAn,
  zeichneDokument,
} from "./dokumente.service.js";
export { dokumentTypen, type DokumentMetadaten, type DokumentTyp } from "./dokumente.types.js";
export { inhaltLeser } from "./inhalt-leser.js";
export { erkenneInhaltstyp, SNIFF_BYTES } from "../../platform/dateieingang/index.js";
export { schwaerzeProtokoll } from "./protokoll-sicht.js";
export { inhaltSchluesselDerAkte, inhaltSchluesselDesProfils } from "./sichtbarkeit.js";
export { empfangeUpload, verwirfUpload, type EmpfangeneDatei } from "../../platform/dateieingang/index.js";
export { insertVorgang } from "./vorgaenge.repository.js";
export { vorgaengeRoutes } from "./vorgaenge.routes.js";
export {
  createVorgang,
  legeVorgangAn,
  requireVorgang,
  setzeZda,
  type NeuerVorgang,
} from "./vorgaenge.service.js";
export { type AkteZugriffsdaten } from "./akten.types.js";
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
export { setFristEskaliert } from "./vorgaenge.repository.js";

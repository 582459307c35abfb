export { auswahlRoutes } from "./auswahl.routes.js";
export { gespeicherteSuchenRoutes, sucheRoutes } from "./suche.routes.js";
export {
  aktualisiereSichtbarkeitInTx,
  indexiereAllesNeu,
  indexiereDokumentInTx,
  indexiereNeu,
  JOB_SUCHINDEX_NEU,
  SUCHINDEX_FASSUNG,
  suche,
} from "./suche.service.js";
export { entferneAusIndex } from "./suchindex.repository.js";

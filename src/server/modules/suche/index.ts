export { auswahlRoutes } from "./auswahl.routes.js";
export { sucheRoutes } from "./suche.routes.js";
export {
  aktualisiereSichtbarkeitInTx,
  indexiereAllesNeu,
  indexiereDokumentInTx,
  suche,
} from "./suche.service.js";
export { entferneAusIndex } from "./suchindex.repository.js";

export { sucheRoutes } from "./suche.routes.js";
export { aktualisiereSichtbarkeit, indexiereAllesNeu, indexiereDokument, suche } from "./suche.service.js";
export { entferneAusIndex } from "./suchindex.repository.js";

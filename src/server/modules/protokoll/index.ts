export { anzahlProtokolleintraege } from "./protokoll.repository.js";
export { protokollRoutes } from "./protokoll.routes.js";
export {
  akteurName,
  schreibeDemoTaetigkeit,
  schreibeProtokollInTx,
  verifyProtokoll,
} from "./protokoll.service.js";
export {
  type AktenBezug,
  type GangBezug,
  type NeuerProtokollEintrag,
  type ProtokollAktion,
  type ProtokollDetails,
} from "./protokoll.types.js";
export {
  aktiveAkteureSql,
  anmeldungenMitGeraetSql,
  eintraegeZurAkte,
  letzteDetailsZumObjekt,
} from "./protokoll.repository.js";

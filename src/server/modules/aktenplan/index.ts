export { kennzeichenDerEinheiten, wirksameAufbewahrungSql } from "./aktenplan.repository.js";
export { aktenplanRoutes } from "./aktenplan.routes.js";
export { MetadatenfeldSchema } from "./aktenplan.schema.js";
export {
  einheitZurUebernahmeInTx,
  einheitFuerNeueAkteInTx,
  felderDerEinheit,
  importAktenplanCsv,
  listAktenplan,
  pruefeMetadaten,
} from "./aktenplan.service.js";
export { type AktenplaneinheitMitStand, type Metadatenfeld } from "./aktenplan.types.js";
export { einheitIdVon, einheitJoin } from "./auskunft.repository.js";

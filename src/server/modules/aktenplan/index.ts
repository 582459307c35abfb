export { aktenplanRoutes } from "./aktenplan.routes.js";
export { MetadatenfeldSchema } from "./aktenplan.schema.js";
export {
  einheitFuerNeueAkte,
  felderDerEinheit,
  importAktenplanCsv,
  listAktenplan,
  pruefeMetadaten,
} from "./aktenplan.service.js";
export { type AktenplaneinheitMitStand, type Metadatenfeld } from "./aktenplan.types.js";
export { kennzeichenDerEinheiten, wirksameAufbewahrungSql } from "./aktenplan.repository.js";
export { einheitZurUebernahmeInTx } from "./aktenplan.service.js";

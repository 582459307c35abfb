export {
  erzeugeVorschauBild,
  JOB_TEXTERKENNUNG,
  JOB_VORSCHAU,
  planeTexterkennung,
  texterkennungVon,
  verarbeiteVersion,
  type Texterkennung,
} from "./content.service.js";
export { extrahiere, vorwaermen } from "./extraktion.js";
export { vorschauVorwaermen } from "./vorschau.js";
export { inhaltNutztBlobSql, loescheInhalte } from "./inhalt.repository.js";

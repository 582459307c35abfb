export {
  ableitungVon,
  erkannterText,
  erkannteTexte,
  inhaltJoin,
  textGroessen,
  texterkennungVon,
} from "./auskunft.repository.js";
export {
  erzeugeVorschauBild,
  JOB_TEXTERKENNUNG,
  JOB_VORSCHAU,
  planeTexterkennungInTx,
  verarbeiteVersion,
  zeichneLesebild,
} from "./content.service.js";
export { type Texterkennung } from "./content.types.js";
export { extrahiere, vorwaermen } from "./extraktion.js";
export { vorschauVorwaermen } from "./vorschau.js";
export { inhaltNutztBlobSql, loescheInhalte } from "./inhalt.repository.js";
export {
  fundstellen,
  seitenangaben,
  seitenbild,
  SEITENBILD_BREITEN,
  type Fundstelle,
  type Seitenangaben,
  type Seitenbild,
  type VersionsQuelle,
} from "./seitenbilder.js";

export { neuerPosteingangFrom } from "./auskunft.repository.js";
export { JOB_POSTEINGANG } from "./eingang.service.js";
export { holeImapPost, JOB_IMAP } from "./imap.js";
export { importiere, sammleDateien, type ImportZiel } from "./import.js";
export { posteingangRoutes } from "./posteingang.routes.js";
export { JOB_SCANORDNER, pruefeScanOrdner } from "./scanordner.service.js";
export { eintragNutztBlobSql, vergissDokumente, vergissVorgaenge } from "./verweise.repository.js";
export { verarbeiteEintrag } from "./vorschlaege.service.js";
export { kennzahlenPosteingang } from "./kennzahlen.repository.js";

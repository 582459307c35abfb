export { holeImapPost, JOB_IMAP } from "./imap.js";
export { importiere, sammleDateien, type ImportZiel } from "./import.js";
export { posteingangRoutes } from "./posteingang.routes.js";
export {
  JOB_POSTEINGANG,
  JOB_SCANORDNER,
  pruefeScanOrdner,
  verarbeiteEintrag,
} from "./posteingang.service.js";
export { neuerPosteingangFrom } from "./auskunft.repository.js";

export { registerAuthentication } from "./anmelde-hook.js";
export { findBenutzer, mitgliedschaftenVon, personJson } from "./access.repository.js";
export { accessRoutes } from "./access.routes.js";
export {
  createBenutzer,
  createOrganisationseinheit,
  getBenutzer,
  loadActor,
  oeSubtree,
  resolveOe,
} from "./access.service.js";
export { hatRolle, rollen, type Akteur, type OeArt, type Person, type Rolle } from "./access.types.js";
export { aufraeumen, createApiToken, revokeApiToken } from "./authentication.service.js";
export {
  legeAbwesenheitAn,
  listAbwesenheiten,
  loescheAbwesenheit,
  setzeStandardvertretung,
  vertreteneAm,
  vertreterAm,
} from "./vertretung.service.js";
export { listOes } from "./access.repository.js";
export {
  aktiveBenutzerMitMitgliedschaften,
  anzeigenameSql,
  benutzerIdVon,
  benutzerJoin,
  oeJoin,
  oesMitRolle,
  oeIdZumKuerzel,
} from "./auskunft.repository.js";
export { setTagesbericht } from "./access.repository.js";
export {
  aktiveOeId,
  aktiverBenutzerId,
  mitgliederMitRolle,
  oeUndDarueber,
  tagesberichtEmpfaenger,
  tagesberichtVon,
} from "./auskunft.repository.js";

export {
  findBenutzer,
  listOes,
  mitgliedschaftenVon,
  obersteOe,
  oeKurzSql,
  personJson,
  personNameSql,
} from "./access.repository.js";
export { accessRoutes } from "./access.routes.js";
export {
  createBenutzer,
  createOrganisationseinheit,
  getBenutzer,
  gibtEsBenutzer,
  loadActor,
  oeSubtree,
  resolveOe,
} from "./access.service.js";
export { hatRolle, rollen, type Akteur, type OeArt, type Person, type Rolle } from "./access.types.js";
export { meAntwort } from "./anmeldung.routes.js";
export { registerAuthentication } from "./anmelde-hook.js";
export { oesZurAuswahl, personenZurAuswahl } from "./auswahl.repository.js";
export { setzeTagesberichtInTx } from "./konto.service.js";
export {
  aktiveBenutzerMitMitgliedschaften,
  aktiveOeId,
  aktiverBenutzerId,
  anzeigenameSql,
  benutzerIdVon,
  benutzerJoin,
  istMitgliedSql,
  mitgliederMitRolle,
  oeIdZumKuerzel,
  oeJoin,
  oesMitRolle,
  oeUndDarueber,
  tagesberichtEmpfaenger,
  tagesberichtVon,
} from "./auskunft.repository.js";
export { aufraeumen, createApiToken, revokeApiToken } from "./authentication.service.js";
export {
  legeAbwesenheitAn,
  listAbwesenheiten,
  loescheAbwesenheit,
  setzeStandardvertretung,
} from "./vertretung.service.js";
export { vertreteneAm, vertreterAm } from "./vertretung.repository.js";
export {
  aendereGruppenzuordnung,
  gleicheVerzeichnisbenutzerAbInTx,
  legeGruppenzuordnungAn,
  listGruppenzuordnungen,
  loescheGruppenzuordnung,
  vorschauGruppenzuordnung,
  VORSCHAU_GRENZE,
  type GruppenzuordnungEingabe,
  type GruppenzuordnungVorschau,
} from "./verzeichnis.service.js";
export {
  bildeBenutzername,
  normalisiereGruppe,
  oidcKennung,
  planeMitgliedschaften,
} from "./verzeichnis.plan.js";
export {
  listGruppenzuordnungen as ladeGruppenzuordnungen,
  mitgliedschaftenMitHerkunft,
} from "./verzeichnis.repository.js";
export type {
  Anmeldequelle,
  Gruppenzuordnung,
  Herkunft,
  MitgliedschaftMitHerkunft,
  MitgliedschaftsPlan,
  OeRolle,
  Verzeichnisbenutzer,
  VerzeichnisAbgleich,
  Verzeichnisquelle,
  VerwaisteGruppe,
} from "./verzeichnis.types.js";
export {
  gleicheVerzeichnisAb,
  letzterVerzeichnisbericht,
  zusammenfassung as verzeichnisZusammenfassung,
  type Fortschritt as VerzeichnisFortschritt,
} from "./verzeichnisabgleich.service.js";
export {
  LetzterVerzeichnisberichtSchema,
  VerzeichnisberichtSchema,
  type Verzeichnisbericht,
} from "./verzeichnisabgleich.schema.js";
export {
  brauchtZweitenFaktor,
  hatZweitenFaktor,
  oidcZweiterFaktorErfuellt,
} from "./zweiter-faktor.pflicht.js";
export { benutzerMitRolle, kennzahlenAccess, oeBaumMitMitgliedern } from "./kennzahlen.repository.js";

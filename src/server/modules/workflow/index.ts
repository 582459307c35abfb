export { JOB_TAGESLAUF, tageslauf } from "./fristen.service.js";
export { legeLaufwegvorlageAn, legeZeichnungsbefugnisAn } from "./vorlagen.service.js";
export { workflowRoutes } from "./workflow.routes.js";
export { entferneZuVorgaengen } from "./verweise.repository.js";
export { gibSchritteAbInTx } from "./schritte-abgeben.service.js";
export { kennzahlenWorkflow } from "./kennzahlen.repository.js";
export { benachrichtige } from "./benachrichtigung.service.js";
export {
  legeDemoGeschaeftsgaengeAn,
  type DemoGeschaeftsgang,
  type DemoSchritt,
  type DemoWiedervorlage,
} from "./demo-historie.service.js";

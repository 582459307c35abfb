export { aussonderungRoutes } from "./aussonderung.routes.js";
export { exportiereAktenplan } from "./xdomea/aktenplan.js";
export { exportiere } from "./xdomea/export.service.js";
export { importiere } from "./xdomea/import.service.js";
export { kennzahlenAussonderung } from "./kennzahlen.repository.js";

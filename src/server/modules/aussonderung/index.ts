export { aussonderungRoutes } from "./aussonderung.routes.js";
export { exportiereAktenplan } from "./xdomea/aktenplan.js";
export { exportiere, importiere } from "./xdomea/xdomea.service.js";

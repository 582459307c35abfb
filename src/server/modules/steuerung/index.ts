export { berechneTage, JOB_KENNZAHLEN, naechtlicheBerechnung } from "./berechnung.service.js";
export { gleicheKatalogAb } from "./katalog.service.js";
export { KATALOG, type Kennzahl } from "./katalog.js";
export { steuerungRoutes } from "./steuerung.routes.js";
export { JOB_BERICHT, planmaessigerBericht } from "./bericht.service.js";
export { speichereEinfuehrung, type EinfuehrungEingabe } from "./einfuehrung.service.js";
export { vermerkeDemodaten } from "./demodaten.service.js";
export { beschliesseFortschreibung, speichereEntwurf } from "./strategie.service.js";
export { type StrategieInhalt } from "./strategie.schema.js";

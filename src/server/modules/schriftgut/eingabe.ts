/** Schriftgut's input checks join their field problems with the platform's one joiner. */
export { ungueltigeEingabe } from "../../platform/errors.js";

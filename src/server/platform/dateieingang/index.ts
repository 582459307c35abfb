export { bereinigeDateiname, contentDisposition } from "./dateiname.js";
export { erkenneInhaltstyp, SNIFF_BYTES } from "./inhaltstyp.js";
export { empfangeUpload, verwirfUpload, type EmpfangeneDatei, type EmpfangenerUpload } from "./upload.js";

/**
 * The xdomea code list "Dateiformat" (urn:xoev-de:xdomea:codeliste:dateiformat), version 1.0: the
 * version that xdomea 3.0.0 and 3.1.0 messages of other systems (and archives' tools) use. Codes
 * name a format by its usual file ending; "100" is Sonstiges.
 */
export const DATEIFORMAT_LISTE = "1.0";
export const DATEIFORMAT_SONSTIGES = "100";

const NACH_ENDUNG: Readonly<Record<string, string>> = {
  bmp: "001",
  csv: "002",
  doc: "003",
  eml: "006",
  htm: "007",
  html: "008",
  jpe: "009",
  jpeg: "010",
  jpg: "011",
  msg: "012",
  odp: "013",
  ods: "014",
  odt: "015",
  otp: "016",
  ots: "017",
  pdf: "018",
  png: "019",
  ppt: "020",
  ps: "021",
  rtf: "022",
  tif: "023",
  tiff: "024",
  wps: "025",
  xlc: "026",
  xlm: "027",
  xls: "028",
  xlw: "029",
  xml: "030",
  xsd: "031",
  dot: "032",
  pot: "033",
  xlt: "034",
  docx: "035",
  xlsx: "036",
  pptx: "037",
  dotx: "038",
  xltx: "039",
  potx: "040",
  dtd: "041",
  mpp: "042",
  ott: "043",
  txt: "045",
};

/** The code for a detected type (Aktenwerk detects types from the bytes, never from the name). */
const NACH_TYP: Readonly<Record<string, string>> = {
  "image/bmp": "001",
  "text/csv": "002",
  "application/msword": "003",
  "message/rfc822": "006",
  "text/html": "008",
  "image/jpeg": "011",
  "application/vnd.ms-outlook": "012",
  "application/vnd.oasis.opendocument.presentation": "013",
  "application/vnd.oasis.opendocument.spreadsheet": "014",
  "application/vnd.oasis.opendocument.text": "015",
  "application/vnd.oasis.opendocument.presentation-template": "016",
  "application/vnd.oasis.opendocument.spreadsheet-template": "017",
  "application/pdf": "018",
  "image/png": "019",
  "application/vnd.ms-powerpoint": "020",
  "application/postscript": "021",
  "application/rtf": "022",
  "text/rtf": "022",
  "image/tiff": "024",
  "application/vnd.ms-excel": "028",
  "application/xml": "030",
  "text/xml": "030",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "035",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "036",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "037",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.template": "038",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template": "039",
  "application/vnd.openxmlformats-officedocument.presentationml.template": "040",
  "application/vnd.ms-project": "042",
  "application/vnd.oasis.opendocument.text-template": "043",
  "text/plain": "045",
};

/** Codes that name the same format by different endings: the file's own ending chooses among them. */
const GLEICHES_FORMAT = [
  ["009", "010", "011"],
  ["007", "008"],
  ["023", "024"],
];

/** The old binary Office formats share one container (CFB); only the ending tells them apart. */
const CFB_ENDUNGEN = new Set([
  "doc",
  "dot",
  "xls",
  "xlt",
  "xlw",
  "xlc",
  "xlm",
  "ppt",
  "pot",
  "msg",
  "mpp",
  "wps",
]);

/**
 * The Dateiformat code of a primary document. The type detected from its bytes decides; the
 * file's ending only chooses between codes of the same format (jpg/jpeg, htm/html, tif/tiff) and
 * names the old Office formats, which the bytes alone do not distinguish.
 */
export function dateiformatCode(mimeTyp: string, dateiname: string): string {
  const endung = /\.([a-z0-9]{1,5})$/i.exec(dateiname)?.[1]?.toLowerCase() ?? "";
  const nachEndung = NACH_ENDUNG[endung];
  const nachTyp = NACH_TYP[mimeTyp];
  if (nachTyp) {
    const gruppe = GLEICHES_FORMAT.find((g) => g.includes(nachTyp));
    return nachEndung && gruppe?.includes(nachEndung) ? nachEndung : nachTyp;
  }
  if (mimeTyp === "application/x-cfb" && nachEndung && CFB_ENDUNGEN.has(endung)) return nachEndung;
  return DATEIFORMAT_SONSTIGES;
}

/**
 * A file name as data, never as a path: the last path segment only, without control and bidi
 * characters, NFC, at most 200 characters (extension kept). Empty names become "dokument".
 */
export function bereinigeDateiname(name: string): string {
  const last = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  let clean = last
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "")
    .replace(/[. ]+$/, "");
  if (clean.length > 200) {
    const dot = clean.lastIndexOf(".");
    const ext = dot > 0 && clean.length - dot <= 12 ? clean.slice(dot) : "";
    clean = clean.slice(0, 200 - ext.length) + ext;
  }
  return clean || "dokument";
}

/** Content-Disposition for a download: always an attachment, ASCII fallback plus RFC 5987 UTF-8 name. */
export function contentDisposition(dateiname: string): string {
  const ascii = dateiname
    .normalize("NFKD")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(dateiname).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

import { randomBytes } from "node:crypto";

export interface Datei {
  filename: string;
  content: Buffer | string;
  contentType?: string;
  field?: string;
}

/** A multipart/form-data body for `app.inject`: text fields first, then the file. */
export function multipart(
  fields: Record<string, string | object>,
  datei?: Datei,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----aktenwerk${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${text}\r\n`),
    );
  }
  if (datei) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${datei.field ?? "datei"}"; filename="${datei.filename}"\r\nContent-Type: ${datei.contentType ?? "application/octet-stream"}\r\n\r\n`,
      ),
      Buffer.isBuffer(datei.content) ? datei.content : Buffer.from(datei.content),
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

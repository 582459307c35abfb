import { fileTypeFromBuffer } from "file-type";

/** Bytes of the start of a file that type detection looks at. */
export const SNIFF_BYTES = 64 * 1024;

/** Types a browser would execute or render as a document: served only as attachment, sandboxed. */
export const AKTIVE_TYPEN = new Set([
  "text/html",
  "image/svg+xml",
  "application/xml",
  "application/xhtml+xml",
  "text/xml",
]);

function isText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    // Latin-1 and other 8-bit text: no control bytes apart from tab, CR, LF, FF.
    return !head.some((b) => b < 0x20 && ![9, 10, 12, 13].includes(b));
  }
}

/**
 * The MIME type of content, from its bytes only, never from its name: binary formats by their
 * magic numbers (file-type), then text-based ones (HTML, SVG, XML, e-mail) by their opening.
 */
export async function erkenneInhaltstyp(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected)
    return detected.mime === "application/xml" && /<svg[\s>]/i.test(head.toString("utf8", 0, 4096))
      ? "image/svg+xml"
      : detected.mime;
  if (!isText(head)) return "application/octet-stream";
  const start = head
    .toString("utf8", 0, Math.min(head.length, 4096))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg|<svg[\s>])/.test(start)) return "image/svg+xml";
  if (/^(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/.test(start)) return "text/html";
  if (start.startsWith("<?xml")) return "application/xml";
  // An e-mail starts with header lines (a long recipient list may push the blank line far down);
  // an HTML body inside must not make it an HTML file.
  const kopfzeilen =
    start.match(
      /^(return-path|received|from|to|cc|date|message-id|mime-version|subject|delivered-to|reply-to|content-type|x-[a-z-]+):/gm,
    ) ?? [];
  if (
    /^(return-path|received|from|date|message-id|mime-version|subject|to|delivered-to|x-[a-z-]+):/.test(
      start,
    ) &&
    (kopfzeilen.length >= 2 || /\n\r?\n/.test(start))
  ) {
    return "message/rfc822";
  }
  // Anything else with markup that a browser would run is treated as HTML.
  if (/<script[\s>]|<iframe[\s>]/.test(start)) return "text/html";
  return "text/plain";
}

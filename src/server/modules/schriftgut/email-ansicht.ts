import type { Readable } from "node:stream";
import { simpleParser, type AddressObject } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { bereinigeDateiname } from "../../platform/dateieingang/dateiname.js";

/** An e-mail Dokument as a reader sees it: header, plain text, and HTML made harmless. */
export interface EmailAnsicht {
  betreff: string;
  von: string;
  an: string[];
  cc: string[];
  datum: string | null;
  text: string;
  /** Sanitised HTML body, or null when the message has none. Shown only in a sandboxed frame. */
  html: string | null;
  /** Remote images (tracking pixels) were removed from the HTML. */
  externeBilderEntfernt: boolean;
  anlagen: { dateiname: string; mimeTyp: string; groesse: number }[];
}

const MAX_ADRESSEN = 100;

function adressen(v: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(v) ? v : v ? [v] : [])
    .flatMap((a) => a.value)
    .slice(0, MAX_ADRESSEN)
    .map((a) => (a.name && a.address ? `${a.name} <${a.address}>` : (a.address ?? a.name ?? "")));
}

/**
 * Only structure and text survive: no scripts, no event handlers, no forms, no styles, no
 * remote resources (a remote image would tell the sender who read the mail and when). Embedded
 * images (cid: parts, turned into data: URLs by the parser) stay.
 */
export function bereinigeHtml(html: string): { html: string; externeBilderEntfernt: boolean } {
  let externeBilderEntfernt = false;
  const sauber = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "font", "center"],
    disallowedTagsMode: "discard",
    allowedAttributes: {
      a: ["href", "title", "target", "rel"],
      img: ["src", "alt", "width", "height"],
      td: ["colspan", "rowspan", "align", "valign"],
      th: ["colspan", "rowspan", "align", "valign", "scope"],
      table: ["border", "cellpadding", "cellspacing", "width"],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    // Remote images pass the scheme check only so the filter below can notice and drop them.
    allowedSchemesByTag: { img: ["data", "http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src"],
    allowProtocolRelative: false,
    exclusiveFilter: (frame) => {
      if (frame.tag !== "img") return false;
      const src = frame.attribs.src ?? "";
      if (!/^data:image\/(png|jpeg|gif|webp);/i.test(src)) {
        externeBilderEntfernt ||= src !== "";
        return true;
      }
      return false;
    },
    transformTags: {
      // Links open outside the frame, never with the opener.
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" },
      }),
    },
  });
  return { html: sauber, externeBilderEntfernt };
}

export async function leseEmail(inhalt: Readable): Promise<EmailAnsicht> {
  const mail = await simpleParser(inhalt, { maxHtmlLengthToParse: 5 * 1024 * 1024 });
  const html = typeof mail.html === "string" && mail.html.trim() ? bereinigeHtml(mail.html) : null;
  return {
    betreff: mail.subject ?? "",
    von: adressen(mail.from)[0] ?? "",
    an: adressen(mail.to),
    cc: adressen(mail.cc),
    datum: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: (mail.text ?? "").slice(0, 500_000),
    html: html?.html ?? null,
    externeBilderEntfernt: html?.externeBilderEntfernt ?? false,
    anlagen: mail.attachments
      .filter((a) => a.contentDisposition !== "inline" || !a.related)
      .slice(0, 500)
      .map((a) => ({
        // Shown to the reader like a stored name: no bidi tricks ("rechnung\u202Efdp.exe"), no path.
        dateiname: bereinigeDateiname(a.filename ?? "Anlage"),
        mimeTyp: a.contentType,
        groesse: a.size,
      })),
  };
}

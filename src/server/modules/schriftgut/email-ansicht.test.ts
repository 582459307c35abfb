import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { leseEmail } from "./email-ansicht.js";

describe("E-Mail-Ansicht: Anlagen", () => {
  it("shows attachment names without bidi controls and without a path, like stored file names", async () => {
    const anlage = (name: string) =>
      [
        "--b1",
        "Content-Type: application/octet-stream",
        `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("x").toString("base64"),
      ].join("\r\n");
    const eml = [
      "From: a@example.de",
      "To: b@example.de",
      "Subject: Rechnung",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Anbei.",
      anlage("rechnung\u202Efdp.exe"),
      anlage("\u2066a\u2069b\u200E\u200F\u061C\u202A\u202B\u202C\u202D.pdf"),
      anlage("../../etc/passwd"),
      "--b1--",
      "",
    ].join("\r\n");
    const mail = await leseEmail(Readable.from([Buffer.from(eml)]));
    expect(mail.anlagen.map((a) => a.dateiname)).toEqual(["rechnungfdp.exe", "ab.pdf", "passwd"]);
  });
});

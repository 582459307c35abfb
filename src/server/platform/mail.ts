import nodemailer from "nodemailer";
import type { Config } from "./config.js";
import { pruefeAusgehendenHost } from "./netz.js";

export interface Mail {
  an: string;
  betreff: string;
  text: string;
}

/**
 * Sends one plain-text e-mail through the configured SMTP server. Without AKTENWERK_SMTP_URL
 * nothing is sent (returns false). The host is checked like every outgoing connection.
 */
export async function sendeMail(config: Config, mail: Mail): Promise<boolean> {
  if (!config.smtpUrl) return false;
  const url = new URL(config.smtpUrl);
  // Resolved and checked once; the connection goes to that address (no second lookup to rebind),
  // and TLS still checks the certificate against the configured name.
  const ziel = await pruefeAusgehendenHost(url.hostname, config.erlaubteHosts);
  const transport = nodemailer.createTransport({
    host: ziel.adresse,
    ...(ziel.servername ? { servername: ziel.servername } : {}),
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // Plain SMTP inside the county's network is common; STARTTLS is used whenever offered.
    ignoreTLS: false,
    tls: { rejectUnauthorized: url.searchParams.get("tls") !== "unsicher" },
  });
  try {
    await transport.sendMail({
      from: config.smtpAbsender,
      to: mail.an,
      subject: mail.betreff,
      text: mail.text,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return true;
  } finally {
    transport.close();
  }
}

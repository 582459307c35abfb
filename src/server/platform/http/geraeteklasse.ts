/**
 * The coarse class of device a request came from: all the Steuerung needs to measure "mobile
 * work". Only this class is stored (in the Protokoll's sign-in entries and the daily counts of
 * document views), never the User-Agent itself: data minimisation agreed with the Personalrat.
 */
export type Geraeteklasse = "telefon" | "tablet" | "desktop";

/** Every class, in the order figures list them. */
export const GERAETEKLASSEN: readonly Geraeteklasse[] = ["telefon", "tablet", "desktop"];

/**
 * The device class of a User-Agent header, or null when it names no known device (no header,
 * scripts and API clients such as curl). Android phones say "Mobile", Android tablets do not
 * (Google's rule for browsers on Android). An iPad with iPadOS 13 or later asks for desktop pages
 * and sends a Mac's User-Agent; the server cannot tell it from a Mac, so it counts as desktop.
 */
export function geraeteklasse(userAgent: string | null | undefined): Geraeteklasse | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 500);
  if (/iPad|Tablet|Kindle|Silk\/|PlayBook/i.test(ua)) return "tablet";
  if (/iPhone|iPod|Windows Phone|BlackBerry|BB10/i.test(ua)) return "telefon";
  if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? "telefon" : "tablet";
  if (/Mobi/i.test(ua)) return "telefon";
  if (/Windows NT|Macintosh|Mac OS X|X11|Linux|CrOS/i.test(ua)) return "desktop";
  return null;
}

/**
 * Forms an Aktenzeichen from the configured pattern, and names the scope its running number
 * counts in: per Aktenplaneinheit, and per year and OE when the pattern shows them (without a year
 * in the pattern, numbers run on across years so no Aktenzeichen repeats).
 */
export function aktenzeichenBereich(
  muster: string,
  t: { kennzeichen: string; jahr: number; oe: string },
): string {
  const jahr = /\{jahr2?\}/.test(muster) ? String(t.jahr) : "*";
  const oe = muster.includes("{oe}") ? t.oe : "*";
  return `${t.kennzeichen}|${jahr}|${oe}`;
}

export function formeAktenzeichen(
  muster: string,
  t: { kennzeichen: string; jahr: number; oe: string; lfdnr: number },
): string {
  return muster.replace(
    /\{(kennzeichen|lfdnr(?::([1-9]))?|jahr2|jahr|oe)\}/g,
    (_m, token: string, width?: string) => {
      if (token === "kennzeichen") return t.kennzeichen;
      if (token === "jahr") return String(t.jahr);
      if (token === "jahr2") return String(t.jahr % 100).padStart(2, "0");
      if (token === "oe") return t.oe;
      return String(t.lfdnr).padStart(Number(width ?? 4), "0");
    },
  );
}

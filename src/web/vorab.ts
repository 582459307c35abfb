import { VORAB_BLOCK_ID, type Vorabdaten } from "../shared/vorabdaten";

let vorab: Vorabdaten | null | undefined;

/**
 * The answer the server embedded for `pfad` (src/shared/vorabdaten.ts), taken once: only while the
 * browser is still on the page the block was made for, and never twice, so every later look
 * (a reload of the list, a return to the page) asks the server afresh.
 */
export function nimmVorab<T>(pfad: string): T | undefined {
  if (vorab === undefined) {
    const block = document.getElementById(VORAB_BLOCK_ID);
    try {
      vorab = block ? (JSON.parse(block.textContent ?? "") as Vorabdaten) : null;
    } catch {
      vorab = null;
    }
    block?.remove();
  }
  if (!vorab || vorab.seite !== window.location.pathname || !(pfad in vorab.antworten)) return undefined;
  const antwort = vorab.antworten[pfad] as T;
  delete vorab.antworten[pfad];
  return antwort;
}

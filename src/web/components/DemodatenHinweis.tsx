import type { KennzahlenUebersicht } from "../api/types";
import { formatDatum } from "../format";
import { Meldung } from "./ui";

/**
 * The note on every Steuerung view whose figures rest on the demo county's generated history:
 * nobody should take them for the county's real work.
 */
export function DemodatenHinweis({ demodaten }: { demodaten: KennzahlenUebersicht["demodaten"] }) {
  if (!demodaten) return null;
  return (
    <Meldung art="info" titel="Demodaten" ansagen={false}>
      <p className="kern-body">
        Die Zahlen vom {formatDatum(demodaten.von)} bis {formatDatum(demodaten.bis)} beruhen auf erzeugten
        Beispielakten des Demo-Landkreises (Betreff „Demo: …“), nicht auf echter Arbeit.
      </p>
    </Meldung>
  );
}

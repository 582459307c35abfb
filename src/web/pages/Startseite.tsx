import type { AktenSeite } from "../api/types";
import { AktenTabelle } from "../components/AktenTabelle";
import { Betriebszustand } from "../components/Betriebszustand";
import { Hinweise, Postkorb } from "../components/Postkorb";
import { Begriff, Fehler, Laden, Leer, Seite } from "../components/ui";
import { useApi } from "../hooks/useApi";
import { Link } from "../router";
import { hatRolle, useSession } from "../session";
import { startseitePfad } from "../../shared/vorabdaten";

/** The start page: the Postkorb first, then notices and "Meine Akten" (absence is under "Mein Konto"). */
export function Startseite() {
  const { me } = useSession();
  const akten = useApi<AktenSeite>(startseitePfad);
  return (
    <Seite
      titel={`Guten Tag, ${me.benutzer.vorname || me.benutzer.anzeigename}`}
      aktionen={
        <Link href="/akten/neu" className="kern-btn kern-btn--primary">
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">Neue Akte</span>
        </Link>
      }
    >
      <div className="stapel">
        <Postkorb />
        <Hinweise />
        {hatRolle(me, "Administration") && <Betriebszustand />}
        <section aria-labelledby="meine-akten">
          <h2 id="meine-akten" className="kern-heading-medium">
            Meine <Begriff wort="Akte">Akten</Begriff>
          </h2>
          {akten.laedt ? (
            <Laden />
          ) : akten.fehler ? (
            <Fehler fehler={akten.fehler} />
          ) : akten.daten && akten.daten.eintraege.length > 0 ? (
            <AktenTabelle
              akten={akten.daten.eintraege}
              beschriftung="Meine Akten, zuletzt angelegte zuerst"
            />
          ) : (
            <Leer titel="Noch keine Akten">
              Legen Sie mit „Neue Akte“ eine Akte an, oder suchen Sie die passende Stelle im{" "}
              <Link href="/aktenplan">Aktenplan</Link>.
            </Leer>
          )}
        </section>
      </div>
    </Seite>
  );
}

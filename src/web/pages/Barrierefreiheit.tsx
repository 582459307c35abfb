import { Seite } from "../components/ui";

export default function Barrierefreiheit() {
  return (
    <Seite titel="Erklärung zur Barrierefreiheit">
      <div className="stapel kern-body" style={{ maxWidth: "48rem" }}>
        <p>
          Der Landkreis Musterkreis ist bemüht, Aktenwerk im Einklang mit den Vorschriften zur barrierefreien
          Informationstechnik (Barrierefreie-Informationstechnik-Verordnung – BITV 2.0, die die Richtlinie
          (EU) 2016/2102 umsetzt) barrierefrei zugänglich zu machen.
        </p>
        <h2 className="kern-heading-medium">Stand der Vereinbarkeit</h2>
        <p>
          Aktenwerk ist mit den Anforderungen der WCAG 2.1 auf Stufe AA weitgehend vereinbar. Jede Seite wird
          automatisch mit axe-core geprüft; Tastaturbedienung, sichtbarer Fokus, Sprunglink, Landmarken,
          beschriftete Felder, Live-Regionen für Rückmeldungen, 200 % Vergrößerung und reduzierte Bewegung
          sind berücksichtigt.
        </p>
        <h2 className="kern-heading-medium">Nicht barrierefreie Inhalte</h2>
        <ul className="kern-list kern-list--bullet">
          <li>
            Hochgeladene Dokumente (z. B. eingescannte Briefe) stammen von Dritten und sind nicht immer
            barrierefrei. In der Vorschau werden PDF-Seiten als Bild angezeigt; laden Sie das Dokument
            herunter, um es mit Ihrer Hilfstechnik zu öffnen.
          </li>
        </ul>
        <h2 className="kern-heading-medium">Erstellung dieser Erklärung</h2>
        <p>Diese Erklärung beruht auf einer Selbstbewertung und automatisierten Prüfungen.</p>
        <h2 className="kern-heading-medium">Feedback und Kontakt</h2>
        <p>
          Sind Ihnen Mängel aufgefallen? Schreiben Sie uns:{" "}
          <a href="mailto:barrierefreiheit@landkreis-demo.example?subject=Barriere%20in%20Aktenwerk%20melden">
            barrierefreiheit@landkreis-demo.example
          </a>
          . Wir antworten innerhalb von zwei Wochen.
        </p>
        <h2 className="kern-heading-medium">Schlichtungsverfahren</h2>
        <p>
          Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die
          Schlichtungsstelle nach dem Behindertengleichstellungsgesetz Ihres Landes wenden.
        </p>
      </div>
    </Seite>
  );
}

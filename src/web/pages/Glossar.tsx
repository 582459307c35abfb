import { glossar } from "../../shared/glossar";
import { Seite } from "../components/ui";

export default function Glossar() {
  const begriffe = Object.entries(glossar).sort(([a], [b]) => a.localeCompare(b, "de"));
  return (
    <Seite titel="Glossar">
      <p className="kern-body unterzeile">
        Die Fachbegriffe der Schriftgutverwaltung, wie Aktenwerk sie verwendet. In der Anwendung sind sie
        unterstrichen; zeigen Sie darauf oder fokussieren Sie sie für die Erklärung.
      </p>
      <dl className="merkmale" style={{ maxWidth: "56rem" }}>
        {begriffe.map(([wort, text]) => (
          <div key={wort} style={{ display: "contents" }}>
            <dt id={`begriff-${wort.replace(/\s+/g, "-")}`}>{wort}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </Seite>
  );
}

import { Seite } from "../components/ui";
import { Link } from "../router";

export default function NichtGefunden() {
  return (
    <Seite titel="Seite nicht gefunden">
      <p className="kern-body">
        Diese Seite gibt es nicht. Zurück zur <Link href="/">Startseite</Link> oder zum{" "}
        <Link href="/aktenplan">Aktenplan</Link>.
      </p>
    </Seite>
  );
}

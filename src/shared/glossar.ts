/** The terms of art a clerk meets in Aktenwerk, explained in plain German (from the project glossary). */
export const glossar: Record<string, string> = {
  Aktenplan:
    "Die nummerierte Gliederung aller Aufgaben der Verwaltung, z. B. 6 Bauwesen › 63 Bauaufsicht › 63.10 Baugenehmigungen. Jede Akte gehört an genau eine Stelle.",
  Aktenplaneinheit:
    "Eine Stelle im Aktenplan mit Kennzeichen, Titel, Aufbewahrungsfrist und Archivwürdigkeit. Akten entstehen nur auf der untersten Ebene.",
  Akte: "Alle Vorgänge zu einer Sache, z. B. zu einem Bauvorhaben. Sie hat ein Aktenzeichen und eine federführende Organisationseinheit.",
  Aktenzeichen:
    "Das eindeutige Zeichen einer Akte, das auf jedem Schreiben steht, z. B. 63.10-0042/2026. Es wird nie ein zweites Mal vergeben.",
  Vorgang: "Ein Geschäftsvorfall in einer Akte, z. B. ein Bauantrag, mit Betreff, Frist und Dokumenten.",
  Dokument:
    "Ein Schriftstück in einem Vorgang: Eingangsschreiben, E-Mail, Vermerk, Bescheid, Anlage. Jede Änderung ist eine neue, unveränderliche Version.",
  Vermerk: "Eine interne Notiz zum Vorgang.",
  zdA: "„zu den Akten“: Die Bearbeitung ist abgeschlossen. Der Vorgang nimmt keine neuen Dokumente mehr auf; die Aufbewahrungsfrist beginnt.",
  Frist: "Ein Termin, bis zu dem etwas erledigt sein muss.",
  Federführung: "Die Organisationseinheit, die für eine Akte verantwortlich ist.",
  "Beteiligte OE": "Eine weitere Organisationseinheit, die an der Akte mitarbeitet und sie sehen darf.",
  Organisationseinheit:
    "Eine Einheit der Verwaltung: Landrat, Dezernat, Amt, Sachgebiet, Stabsstelle, Eigenbetrieb oder Gremium.",
  Zugriffsbeschränkung:
    "Nur namentlich benannte Personen oder Rollen sehen den Inhalt, z. B. bei Personal-, Jugendhilfe- und Sozialakten. Jedes Öffnen wird protokolliert.",
  "VS-NfD": "Verschlusssache – nur für den Dienstgebrauch: darf nicht an Unbefugte gelangen.",
  Hybridakte:
    "Eine Akte, die teils elektronisch, teils auf Papier geführt wird. Vermerkt ist, wo der Papierteil liegt.",
  Querverweis: "Ein Hinweis auf eine andere Akte, die zur selben Sache gehört.",
  Band: "Ein Teil einer umfangreichen Akte, z. B. Band 2 ab 2026.",
  Umprotokollieren: "Einen Vorgang in eine andere Akte verschieben. Alte Verweise führen weiter zu ihm.",
  Aufbewahrungsfrist: "Wie viele Jahre eine Akte nach dem Jahr des letzten zdA aufbewahrt wird.",
  Archivwürdigkeit: "A: dem Archiv anbieten, B: das Archiv bewertet, V: nach Ablauf der Frist vernichten.",
  Registratur: "Die Stelle, die den Aktenplan pflegt und die Angaben aller Akten verwaltet.",
  Protokoll:
    "Der lückenlose Nachweis, wer wann was an einem Objekt getan hat. Er lässt sich nicht nachträglich ändern.",
  Metadaten: "Angaben zu einem Vorgang oder Dokument, z. B. Bauvorhaben, Baukosten, Eingangsdatum.",
  "Fremdes Geschäftszeichen": "Das Zeichen, unter dem der Absender die Sache führt.",
};

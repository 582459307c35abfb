/** Types of the Metadatenfelder an Aktenplaneinheit defines for its Vorgänge. */
export const metadatenTypen = ["Text", "Zahl", "Datum", "Geldbetrag", "Auswahl", "Person"] as const;
export type MetadatenTyp = (typeof metadatenTypen)[number];

/** Archivwürdigkeit: A archivwürdig, B vom Archiv zu bewerten, V vernichten. */
export const archivwuerdigkeiten = ["A", "B", "V"] as const;
export type Archivwuerdigkeit = (typeof archivwuerdigkeiten)[number];

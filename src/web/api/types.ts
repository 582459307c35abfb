/**
 * The API's types, taken from the server's TypeBox schemas (type-only imports, nothing of the
 * server reaches the bundle). The schemas also generate the OpenAPI document, so client and
 * document cannot drift apart; `client.test.ts` checks every path the client calls against it.
 */
import type { Static } from "typebox";
import type {
  BetreffregelSchema,
  EintragSchema,
} from "../../server/modules/posteingang/posteingang.schema.js";
import type { SuchErgebnisSchema } from "../../server/modules/suche/suche.schema.js";
import type {
  AufbewahrungSchema,
  ImportErgebnisSchema,
  LoeschprotokollSchema,
  XdomeaNachrichtSchema,
} from "../../server/modules/aussonderung/aussonderung.schema.js";
import type {
  AbwesenheitSchema,
  BenachrichtigungenSchema,
  GeschaeftsgangSchema,
  LaufwegvorlageSchema,
  PostkorbSchema,
  WiedervorlageSchema,
} from "../../server/modules/workflow/workflow.schema.js";
import type {
  ApiTokenSchema,
  MeSchema,
  OrganisationseinheitSchema,
  SitzungSchema,
  BenutzerMitRollenSchema,
  BenutzerSchema,
} from "../../server/modules/access/access.schema.js";
import type { AktenplaneinheitSchema } from "../../server/modules/aktenplan/aktenplan.schema.js";
import type {
  AkteKurzSchema,
  AkteSchema,
  ZugriffserklaerungSchema,
} from "../../server/modules/schriftgut/akten.schema.js";
import type { VorgangKurzSchema, VorgangSchema } from "../../server/modules/schriftgut/vorgaenge.schema.js";
import type {
  DokumentKurzSchema,
  DokumentSchema,
  DokumentVersionSchema,
  EmailAnsichtSchema,
} from "../../server/modules/schriftgut/dokumente.schema.js";

export type Me = Static<typeof MeSchema>;
export type Organisationseinheit = Static<typeof OrganisationseinheitSchema>;
export type Benutzer = Static<typeof BenutzerSchema>;
export type BenutzerMitRollen = Static<typeof BenutzerMitRollenSchema>;
export type Sitzung = Static<typeof SitzungSchema>;
export type ApiToken = Static<typeof ApiTokenSchema>;
export type Aktenplaneinheit = Static<typeof AktenplaneinheitSchema>;
export type AkteKurz = Static<typeof AkteKurzSchema>;
export type Akte = Static<typeof AkteSchema> & { vorgaenge: VorgangKurz[] };
export type Zugriffserklaerung = Static<typeof ZugriffserklaerungSchema>;
export type VorgangKurz = Static<typeof VorgangKurzSchema>;
export type Vorgang = Static<typeof VorgangSchema>;
export type DokumentKurz = Static<typeof DokumentKurzSchema>;
export type Dokument = Static<typeof DokumentSchema>;
export type DokumentVersion = Static<typeof DokumentVersionSchema>;
export type EmailAnsicht = Static<typeof EmailAnsichtSchema>;
export type SuchErgebnis = Static<typeof SuchErgebnisSchema>;

export interface ProtokollEintrag {
  nr: number;
  zeit: string;
  akteur: string;
  imAuftragVon: string | null;
  aktion: string;
  objektArt: string;
  objektId: string;
  details: Record<string, unknown>;
}
export type PosteingangEintrag = Static<typeof EintragSchema>;
export type Betreffregel = Static<typeof BetreffregelSchema>;
export type Geschaeftsgang = Static<typeof GeschaeftsgangSchema>;
export type Schritt = Geschaeftsgang["schritte"][number];
export type Laufwegvorlage = Static<typeof LaufwegvorlageSchema>;
export type Wiedervorlage = Static<typeof WiedervorlageSchema>;
export type Postkorb = Static<typeof PostkorbSchema>;
export type Benachrichtigungen = Static<typeof BenachrichtigungenSchema>;
export type Abwesenheit = Static<typeof AbwesenheitSchema>;
export type Aufbewahrung = Static<typeof AufbewahrungSchema>;
export type LoeschprotokollEintrag = Static<typeof LoeschprotokollSchema>;
export type XdomeaNachricht = Static<typeof XdomeaNachrichtSchema>;
export type XdomeaImportErgebnis = Static<typeof ImportErgebnisSchema>;

/** The Dokumenttypen, in the order forms offer them (checked against the server's type). */
export const DOKUMENT_TYPEN = [
  "Eingang",
  "Ausgang",
  "Vermerk",
  "Entwurf",
  "Bescheid",
  "E-Mail",
  "Anlage",
  "Sonstiges",
] as const satisfies readonly DokumentKurz["typ"][];

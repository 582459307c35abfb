import { randomBytes } from "node:crypto";
import { createBenutzer, createOrganisationseinheit } from "../modules/access/access.service.js";
import type { OeArt, Rolle } from "../modules/access/access.types.js";
import { appendProtokoll } from "../modules/protokoll/protokoll.service.js";
import { systemAkteur } from "../modules/protokoll/protokoll.types.js";
import type { AppContext } from "../platform/context.js";

interface DemoOe {
  kuerzel: string;
  name: string;
  art: OeArt;
  uebergeordnet?: string;
}

/** A Landkreis as the demo county: Landrat, four Dezernate, the Ämter clerks work in, and the bodies beside them. */
export const demoOes: DemoOe[] = [
  { kuerzel: "LR", name: "Landrat", art: "Landrat" },
  { kuerzel: "StE", name: "Stabsstelle E-Government", art: "Stabsstelle", uebergeordnet: "LR" },
  { kuerzel: "D1", name: "Dezernat I – Zentrale Dienste und Finanzen", art: "Dezernat", uebergeordnet: "LR" },
  { kuerzel: "D2", name: "Dezernat II – Ordnung, Bauen und Umwelt", art: "Dezernat", uebergeordnet: "LR" },
  {
    kuerzel: "D3",
    name: "Dezernat III – Jugend, Soziales und Gesundheit",
    art: "Dezernat",
    uebergeordnet: "LR",
  },
  { kuerzel: "D4", name: "Dezernat IV – Verkehr und Kreisentwicklung", art: "Dezernat", uebergeordnet: "LR" },
  { kuerzel: "10", name: "Hauptamt", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "11", name: "Personalamt", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "20", name: "Kämmerei", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "41", name: "Kreisarchiv", art: "Amt", uebergeordnet: "D1" },
  { kuerzel: "63", name: "Bauaufsicht", art: "Amt", uebergeordnet: "D2" },
  { kuerzel: "70", name: "Umweltamt", art: "Amt", uebergeordnet: "D2" },
  { kuerzel: "51", name: "Jugendamt", art: "Amt", uebergeordnet: "D3" },
  { kuerzel: "50", name: "Sozialamt", art: "Amt", uebergeordnet: "D3" },
  { kuerzel: "36", name: "Straßenverkehrsamt", art: "Amt", uebergeordnet: "D4" },
  { kuerzel: "PR", name: "Personalrat", art: "Gremium" },
  { kuerzel: "EAW", name: "Eigenbetrieb Abfallwirtschaft", art: "Eigenbetrieb" },
];

interface DemoUser {
  benutzername: string;
  vorname: string;
  nachname: string;
  oe: string;
  rolle: Rolle;
}

/** The demo logins; names deliberately use DIN 91379 letters beyond ASCII. */
export const demoUsers: DemoUser[] = [
  { benutzername: "admin", vorname: "Andrea", nachname: "Albrecht", oe: "10", rolle: "Administration" },
  { benutzername: "mueller", vorname: "Jürgen", nachname: "Müller", oe: "63", rolle: "Sachbearbeitung" },
  { benutzername: "schmidt", vorname: "Thomas", nachname: "Schmidt", oe: "63", rolle: "Leitung" },
  { benutzername: "weber", vorname: "Anna", nachname: "Weber", oe: "51", rolle: "Sachbearbeitung" },
  { benutzername: "becker", vorname: "Michael", nachname: "Becker", oe: "51", rolle: "Leitung" },
  { benutzername: "registratur", vorname: "Renate", nachname: "Krüger", oe: "10", rolle: "Registratur" },
  { benutzername: "post", vorname: "Zoë", nachname: "Pöhlmann", oe: "10", rolle: "Posteingang" },
  { benutzername: "archiv", vorname: "Henrike", nachname: "Ostrowski", oe: "41", rolle: "Archiv" },
  { benutzername: "personalrat", vorname: "Gülşen", nachname: "Yılmaz", oe: "PR", rolle: "Personalrat" },
  { benutzername: "datenschutz", vorname: "Dörte", nachname: "Janßen", oe: "LR", rolle: "Datenschutz" },
];

export interface DemoResult {
  angelegt: boolean;
  passwort?: string;
  passwortZufaellig?: boolean;
}

/** Seeds the demo county into an empty database; does nothing when any user exists. */
export async function seedDemo(ctx: AppContext, password: string | undefined): Promise<DemoResult> {
  const { rows } = await ctx.db.query<{ n: number }>("SELECT count(*)::int AS n FROM benutzer");
  if ((rows[0]?.n ?? 0) > 0) return { angelegt: false };
  const passwort = password ?? randomBytes(12).toString("base64url");
  for (const oe of demoOes) {
    await createOrganisationseinheit(ctx, "system", { ...oe, uebergeordnet: oe.uebergeordnet ?? null });
  }
  for (const u of demoUsers) {
    await createBenutzer(ctx, "system", {
      benutzername: u.benutzername,
      vorname: u.vorname,
      nachname: u.nachname,
      email: `${u.benutzername}@landkreis-demo.example`,
      passwort,
      mitgliedschaften: [{ oe: u.oe, rolle: u.rolle }],
    });
  }
  await ctx.db.transaction((tx) =>
    appendProtokoll(tx, ctx.clock, {
      akteur: systemAkteur,
      aktion: "system.demo_angelegt",
      objektArt: "system",
      objektId: "demo",
      details: { organisationseinheiten: demoOes.length, benutzer: demoUsers.length },
    }),
  );
  return { angelegt: true, passwort, passwortZufaellig: password === undefined };
}

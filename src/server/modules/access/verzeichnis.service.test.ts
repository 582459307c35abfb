import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { akteurVon, createOe, createUser } from "../../../../test/helpers/factories.js";
import { ManualClock } from "../../platform/clock.js";
import { AppError } from "../../platform/errors.js";
import { addMitgliedschaft, getBenutzer, updateOrganisationseinheit } from "./access.service.js";
import type { Akteur } from "./access.types.js";
import {
  aendereGruppenzuordnung,
  gleicheVerzeichnisbenutzerAbInTx,
  legeGruppenzuordnungAn,
  listGruppenzuordnungen,
  loescheGruppenzuordnung,
  vorschauGruppenzuordnung,
} from "./verzeichnis.service.js";
import type { Verzeichnisbenutzer } from "./verzeichnis.types.js";

let ctx: TestContext;
let admin: Akteur;
let sachbearbeiter: Akteur;
const clock = new ManualClock("2026-03-02T08:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext({ clock });
  await createOe(ctx, { kuerzel: "10", name: "Hauptamt" });
  await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await createOe(ctx, { kuerzel: "88", name: "Altes Amt" });
  admin = await akteurVon(
    ctx,
    await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] }),
  );
  sachbearbeiter = await akteurVon(
    ctx,
    await createUser(ctx, { benutzername: "sb", rollen: [{ oe: "63", rolle: "Sachbearbeitung" }] }),
  );
  await legeGruppenzuordnungAn(ctx, admin, { gruppe: "GG-63-SB", oe: "63", rolle: "Sachbearbeitung" });
  await legeGruppenzuordnungAn(ctx, admin, { gruppe: "GG-51-L", oe: "51", rolle: "Leitung" });
  await legeGruppenzuordnungAn(ctx, admin, { gruppe: "GG-88", oe: "88", rolle: "Sachbearbeitung" });
});

afterAll(async () => {
  await ctx.cleanup();
});

const person = (p: Partial<Verzeichnisbenutzer> = {}): Verzeichnisbenutzer => ({
  quelle: "oidc",
  externeKennung: "https://idp.example sub-1",
  benutzername: "j.mueller",
  vorname: "Jürgen",
  nachname: "Müller",
  email: "j.mueller@kreis.example",
  gruppen: ["GG-63-SB"],
  ...p,
});

const abgleich = (p: Verzeichnisbenutzer) =>
  ctx.db.transaction((tx) => gleicheVerzeichnisbenutzerAbInTx(ctx, tx, p));

async function protokoll(
  benutzerId: string,
): Promise<{ aktion: string; details: Record<string, unknown> }[]> {
  const { rows } = await ctx.db.query<{ aktion: string; details: Record<string, unknown> }>(
    "SELECT aktion, details FROM protokoll WHERE objekt_id = $1 ORDER BY nr",
    [benutzerId],
  );
  return rows;
}

const rollenVon = async (id: string) =>
  (await getBenutzer(ctx, id)).mitgliedschaften.map((m) => `${m.oeKuerzel} ${m.rolle}`);

describe("gleicheVerzeichnisbenutzerAbInTx", () => {
  it("creates the account on first sight with the mapped memberships and writes the Protokoll", async () => {
    const r = await abgleich(person());
    expect(r.angelegt).toBe(true);
    expect(r.benutzer).toMatchObject({
      benutzername: "j.mueller",
      anzeigename: "Jürgen Müller",
      aktiv: true,
    });
    expect(await rollenVon(r.benutzer.id)).toEqual(["63 Sachbearbeitung"]);
    expect((await protokoll(r.benutzer.id)).map((e) => e.aktion)).toEqual([
      "verzeichnis.benutzer_angelegt",
      "verzeichnis.mitgliedschaften_abgeglichen",
    ]);
    const { rows } = await ctx.db.query(
      "SELECT anmeldequelle, passwort_hash, verzeichnisgruppen FROM benutzer WHERE id = $1",
      [r.benutzer.id],
    );
    expect(rows[0]).toEqual({ anmeldequelle: "oidc", passwort_hash: null, verzeichnisgruppen: ["GG-63-SB"] });
  });

  it("finds the same person again by the stable key and follows name, e-mail and groups", async () => {
    const r = await abgleich(
      person({ nachname: "Müller-Schmidt", email: "jms@kreis.example", gruppen: ["gg-51-l"] }),
    );
    expect(r.angelegt).toBe(false);
    expect(r.geaendert).toEqual(["nachname", "email"]);
    expect(r.hinzugefuegt.map((m) => m.oeKuerzel)).toEqual(["51"]);
    expect(r.entfernt.map((m) => m.oeKuerzel)).toEqual(["63"]);
    expect(await rollenVon(r.benutzer.id)).toEqual(["51 Leitung"]);
    const eintraege = await protokoll(r.benutzer.id);
    expect(eintraege.at(-2)).toMatchObject({
      aktion: "verzeichnis.benutzer_geaendert",
      details: { nachher: { nachname: "Müller-Schmidt" } },
    });
    expect(eintraege.at(-1)).toMatchObject({
      aktion: "verzeichnis.mitgliedschaften_abgeglichen",
      details: {
        hinzugefuegt: [{ oe: "51", rolle: "Leitung" }],
        entfernt: [{ oe: "63", rolle: "Sachbearbeitung" }],
      },
    });
  });

  it("writes nothing to the Protokoll when nothing changed", async () => {
    const r0 = await abgleich(
      person({ nachname: "Müller-Schmidt", email: "jms@kreis.example", gruppen: ["GG-51-L"] }),
    );
    const vorher = (await protokoll(r0.benutzer.id)).length;
    await abgleich(person({ nachname: "Müller-Schmidt", email: "jms@kreis.example", gruppen: ["GG-51-L"] }));
    expect((await protokoll(r0.benutzer.id)).length).toBe(vorher);
  });

  it("keeps memberships granted by hand whatever the directory says", async () => {
    const r = await abgleich(
      person({ externeKennung: "https://idp.example sub-2", benutzername: "k.klein", gruppen: ["GG-63-SB"] }),
    );
    await addMitgliedschaft(ctx, admin, r.benutzer.id, { oe: "10", rolle: "Lesen" });
    // Granting by hand what the directory granted makes it manual.
    await addMitgliedschaft(ctx, admin, r.benutzer.id, { oe: "63", rolle: "Sachbearbeitung" });
    const weg = await abgleich(
      person({ externeKennung: "https://idp.example sub-2", benutzername: "k.klein", gruppen: [] }),
    );
    expect(weg.entfernt).toEqual([]);
    expect(await rollenVon(r.benutzer.id)).toEqual(["10 Lesen", "63 Sachbearbeitung"]);
  });

  it("never takes over a local account with the same name", async () => {
    const r = await abgleich(
      person({ externeKennung: "https://idp.example sub-admin", benutzername: "admin", gruppen: [] }),
    );
    expect(r.benutzer.benutzername).toBe("admin-2");
    expect(r.benutzer.id).not.toBe(admin.benutzer.id);
    expect(await rollenVon(admin.benutzer.id)).toEqual(["10 Administration"]);
  });

  it("keeps the same sub from another source or issuer apart", async () => {
    const ldap = await abgleich(
      person({ quelle: "ldap", externeKennung: "https://idp.example sub-1", benutzername: "j.mueller" }),
    );
    expect(ldap.angelegt).toBe(true);
    expect(ldap.benutzer.benutzername).toBe("j.mueller-2");
  });

  it("reports a group mapped to an OE that no longer exists and changes nothing for it", async () => {
    const r = await abgleich(
      person({ externeKennung: "https://idp.example sub-3", benutzername: "a.alt", gruppen: ["GG-88"] }),
    );
    expect(await rollenVon(r.benutzer.id)).toEqual(["88 Sachbearbeitung"]);
    const oe88 = (await listGruppenzuordnungen(ctx, admin)).find((z) => z.oeKuerzel === "88")!;
    await updateOrganisationseinheit(ctx, admin, oe88.oeId, { aktiv: false });
    const danach = await abgleich(
      person({
        externeKennung: "https://idp.example sub-3",
        benutzername: "a.alt",
        gruppen: ["GG-88", "GG-63-SB"],
      }),
    );
    expect(danach.verwaisteGruppen).toEqual([
      { gruppe: "GG-88", oeId: oe88.oeId, oeKuerzel: "88", rolle: "Sachbearbeitung" },
    ]);
    expect(danach.entfernt).toEqual([]);
    expect(await rollenVon(r.benutzer.id)).toEqual(["63 Sachbearbeitung", "88 Sachbearbeitung"]);
    // A new person in that group gets nothing there.
    const neu = await abgleich(
      person({ externeKennung: "https://idp.example sub-4", benutzername: "n.neu", gruppen: ["GG-88"] }),
    );
    expect(await rollenVon(neu.benutzer.id)).toEqual([]);
    expect(neu.verwaisteGruppen).toHaveLength(1);
  });

  it("copes with odd directory data: invalid names, bad e-mail, control characters, no name at all", async () => {
    const r = await abgleich(
      person({
        externeKennung: "https://idp.example sub-5",
        benutzername: "",
        vorname: "R2\u0000D2",
        nachname: "",
        email: "kein-mail",
        gruppen: ["GG-63-SB\u0007", "", "x".repeat(2000)],
      }),
    );
    expect(r.benutzer).toMatchObject({ email: null, vorname: "R2 D2" });
    expect(r.benutzer.benutzername).toMatch(/^[a-z0-9][a-z0-9._-]{1,62}$/);
    expect(r.benutzer.nachname).toBe(r.benutzer.benutzername);
    expect(await rollenVon(r.benutzer.id)).toEqual(["63 Sachbearbeitung"]);
  });

  it("leaves nothing behind when the caller's transaction fails", async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        await gleicheVerzeichnisbenutzerAbInTx(
          ctx,
          tx,
          person({ externeKennung: "https://idp.example sub-6", benutzername: "t.tx" }),
        );
        throw new Error("Abbruch mitten im Abgleich");
      }),
    ).rejects.toThrow("Abbruch");
    const { rows } = await ctx.db.query("SELECT 1 FROM benutzer WHERE benutzername = 't.tx'");
    expect(rows).toEqual([]);
  });
});

describe("Gruppenzuordnung", () => {
  it("is managed by the Administration only", async () => {
    await expect(listGruppenzuordnungen(ctx, sachbearbeiter)).rejects.toMatchObject({
      code: "keine_berechtigung",
    });
    await expect(
      legeGruppenzuordnungAn(ctx, sachbearbeiter, { gruppe: "X", oe: "63", rolle: "Administration" }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it("refuses a duplicate (also in other case), an empty group and an unknown OE in German", async () => {
    await expect(
      legeGruppenzuordnungAn(ctx, admin, { gruppe: "gg-63-sb", oe: "63", rolle: "Sachbearbeitung" }),
    ).rejects.toMatchObject({
      code: "konflikt",
    });
    await expect(
      legeGruppenzuordnungAn(ctx, admin, { gruppe: "  ", oe: "63", rolle: "Lesen" }),
    ).rejects.toMatchObject({
      code: "ungueltige_eingabe",
    });
    await expect(
      legeGruppenzuordnungAn(ctx, admin, { gruppe: "G", oe: "nix", rolle: "Lesen" }),
    ).rejects.toThrow("Die Organisationseinheit „nix“ gibt es nicht.");
  });

  it("changes and deletes rows and records both in the Protokoll", async () => {
    const z = await legeGruppenzuordnungAn(ctx, admin, { gruppe: "GG-TEMP", oe: "63", rolle: "Lesen" });
    const g = await aendereGruppenzuordnung(ctx, admin, z.id, {
      gruppe: "GG-TEMP2",
      oe: "51",
      rolle: "Lesen",
    });
    expect(g).toMatchObject({ gruppe: "GG-TEMP2", oeKuerzel: "51" });
    await loescheGruppenzuordnung(ctx, admin, z.id);
    await expect(loescheGruppenzuordnung(ctx, admin, z.id)).rejects.toMatchObject({ code: "nicht_gefunden" });
    expect((await protokoll(z.id)).map((e) => e.aktion)).toEqual([
      "gruppenzuordnung.angelegt",
      "gruppenzuordnung.geaendert",
      "gruppenzuordnung.geloescht",
    ]);
  });

  it("previews whom a row would give the role, from the groups last seen", async () => {
    const v = await vorschauGruppenzuordnung(ctx, admin, { gruppe: "gg-63-sb", oe: "63", rolle: "Leitung" });
    // a.alt, the nameless sub-5 and j.mueller-2 (LDAP) were last seen in GG-63-SB.
    expect(v.benutzer.map((b) => b.benutzername).sort()).toEqual(
      expect.arrayContaining(["a.alt", "j.mueller-2"]),
    );
    expect(v.anzahl).toBe(v.benutzer.length);
    expect(v.neu).toBe(v.anzahl);
    const schon = await vorschauGruppenzuordnung(ctx, admin, {
      gruppe: "GG-63-SB",
      oe: "63",
      rolle: "Sachbearbeitung",
    });
    expect(schon.neu).toBe(0);
    expect(schon.benutzer.every((b) => b.hatBereits)).toBe(true);
  });
});

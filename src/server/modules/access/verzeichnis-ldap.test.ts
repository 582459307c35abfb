import type { FastifyInstance } from "fastify";
import { Attribute, Change } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { loadConfig } from "../../platform/config.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import { createOe, createUser, login, type Session } from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import {
  gruppenDn,
  kleinerLandkreis,
  landkreisLdif,
  personDn,
  slapdDa,
  starteSlapd,
  VERZEICHNIS_PASSWORT,
  type Slapd,
  type Verzeichnisart,
} from "../../../../test/helpers/slapd.js";
import { voraussetzung } from "../../../../test/helpers/voraussetzung.js";
import { updateOrganisationseinheit } from "./access.service.js";
import { escapeFilterWert } from "./ldap-verzeichnis.js";
import { legeGruppenzuordnungAn } from "./verzeichnis.service.js";
import { gleicheVerzeichnisAb } from "./verzeichnisabgleich.service.js";

describe("escapeFilterWert", () => {
  it("escapes what could widen an LDAP filter (RFC 4515)", () => {
    expect(escapeFilterWert("*)(uid=*")).toBe("\\2a\\29\\28uid=\\2a");
    expect(escapeFilterWert("a\\b\0")).toBe("a\\5cb\\00");
    expect(escapeFilterWert("müller.o")).toBe("müller.o");
  });
});

const slapd = voraussetzung("slapd", slapdDa(), "Debian-Pakete slapd ldap-utils und openssl");

/** The county in Aktenwerk: OEs, the mapping, a local admin and a local Leitung of 63. */
async function landkreis(ctx: TestContext): Promise<void> {
  for (const k of ["10", "11", "32", "51", "63", "70"]) await createOe(ctx, { kuerzel: k, name: `Amt ${k}` });
  await createUser(ctx, { benutzername: "admin", rollen: [{ oe: "10", rolle: "Administration" }] });
  for (const [gruppe, oe, rolle] of [
    ["GG-63-SB", "63", "Sachbearbeitung"],
    ["GG-63-LT", "63", "Leitung"],
    ["GG-51-SB", "51", "Sachbearbeitung"],
    ["GG-ALLE", "10", "Lesen"],
    ["GG-32-ALT", "32", "Sachbearbeitung"],
  ] as const)
    await legeGruppenzuordnungAn(ctx, "system", { gruppe, oe, rolle });
}

async function rollenVon(ctx: TestContext, benutzername: string): Promise<string[]> {
  const { rows } = await ctx.db.query<{ r: string }>(
    `SELECT m.rolle || ' in ' || o.kuerzel AS r FROM mitgliedschaft m JOIN organisationseinheit o ON o.id = m.oe_id
       JOIN benutzer b ON b.id = m.benutzer_id WHERE b.benutzername = $1 ORDER BY 1`,
    [benutzername],
  );
  return rows.map((r) => r.r);
}

for (const art of ["ldap", "ad"] as Verzeichnisart[]) {
  describe.runIf(slapd)(`directory ${art === "ad" ? "Active Directory" : "plain LDAP"} (slapd)`, () => {
    let verzeichnis: Slapd;
    let ctx: TestContext;
    let app: FastifyInstance;
    const clock = new ManualClock("2026-03-02T08:00:00Z");

    beforeAll(async () => {
      verzeichnis = await starteSlapd(art, landkreisLdif(art, kleinerLandkreis()));
      const filter =
        art === "ad"
          ? {
              AKTENWERK_LDAP_BENUTZERFILTER: "(objectClass=user)",
              AKTENWERK_LDAP_GRUPPENFILTER: "(objectClass=group)",
            }
          : {};
      // AD over LDAPS, plain LDAP over StartTLS: both TLS paths are exercised.
      const umgebung = {
        ...verzeichnis.umgebung(art === "ad" ? verzeichnis.ldapsUrl : verzeichnis.url),
        ...filter,
      };
      ctx = await createTestContext({ clock, config: { ldap: loadConfig(umgebung).ldap } });
      await landkreis(ctx);
      await importTestAktenplan(ctx);
      app = await buildApp(ctx);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await ctx?.cleanup();
      await verzeichnis?.stop();
    });

    it("signs an LDAP user in with the directory password and maps nested groups", async () => {
      const wrong = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { benutzername: "bauer", passwort: "falsch-falsch" },
      });
      expect(wrong.statusCode).toBe(401);
      const s = await login(app, "bauer", VERZEICHNIS_PASSWORT);
      const me = await app.inject({ method: "GET", url: "/api/v1/auth/me", headers: { cookie: s.cookie } });
      expect(me.json().benutzer.benutzername).toBe("bauer");
      // GG-631-SB sits in GG-63-SB, which sits in GG-ALLE.
      expect(await rollenVon(ctx, "bauer")).toEqual(["Lesen in 10", "Sachbearbeitung in 63"]);
      const { rows } = await ctx.db.query("SELECT anmeldequelle FROM benutzer WHERE benutzername = 'bauer'");
      expect(rows[0]?.anmeldequelle).toBe("ldap");
      // An empty password is never an (unauthenticated) bind.
      const leer = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { benutzername: "leitung63", passwort: "" },
      });
      expect(leer.statusCode).toBeGreaterThanOrEqual(400);
      expect(leer.statusCode).toBeLessThan(500);
    });

    it("refuses LDAP filter injection through the user name", async () => {
      for (const name of [
        "*",
        "*)(uid=*",
        "admin)(|(uid=*",
        "bauer)(|(objectClass=*",
        "b*",
        "*)(sAMAccountName=*",
      ]) {
        const r = await app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { benutzername: name, passwort: VERZEICHNIS_PASSWORT },
        });
        expect(r.statusCode, name).toBe(401);
      }
    });

    it("keeps the local password for local accounts (break-glass admin)", async () => {
      await login(app, "admin");
    });

    let leitung: Session;
    let schrittId: string;

    it("syncs: creates users, maps groups, reports stale mappings, and --probe changes nothing", async () => {
      await updateOrganisationseinheit(ctx, "system", (await createOe(ctx, { kuerzel: "99" })).id, {
        aktiv: false,
      });
      await legeGruppenzuordnungAn(ctx, "system", { gruppe: "GG-32-ALT", oe: "99", rolle: "Lesen" });
      const vorher = await ctx.db.query("SELECT count(*)::int AS n FROM benutzer");
      const protokollVorher = await ctx.db.query("SELECT count(*)::int AS n FROM protokoll");
      const probe = await gleicheVerzeichnisAb(ctx, { probe: true });
      expect(probe.probe).toBe(true);
      expect(probe.personen).toBe(52);
      expect(probe.anzahl.angelegt).toBe(50); // 52 people, bauer exists, altamt skipped
      expect((await ctx.db.query("SELECT count(*)::int AS n FROM benutzer")).rows[0]?.n).toBe(
        vorher.rows[0]?.n,
      );
      expect((await ctx.db.query("SELECT count(*)::int AS n FROM protokoll")).rows[0]?.n).toBe(
        protokollVorher.rows[0]?.n,
      );
      expect((await ctx.db.query("SELECT count(*)::int AS n FROM verzeichnisabgleich")).rows[0]?.n).toBe(0);

      const bericht = await gleicheVerzeichnisAb(ctx);
      expect(bericht.anzahl).toMatchObject({ angelegt: 50, deaktiviert: 0, uebersprungen: 1 });
      expect(bericht.uebersprungen[0]).toMatchObject({ benutzername: "altamt" });
      expect(bericht.uebersprungen[0]!.grund).toContain("OE 99");
      expect(await rollenVon(ctx, "altamt")).toEqual([]);
      // The cycle GG-ZYKLUS-A ⇄ GG-ZYKLUS-B did not hang the sync.
      expect(await rollenVon(ctx, "leitung63")).toEqual(["Leitung in 63"]);
      // Nothing changed: a second sync writes nothing.
      const zweiter = await gleicheVerzeichnisAb(ctx);
      expect(zweiter.anzahl).toMatchObject({ angelegt: 0, geaendert: 0, deaktiviert: 0, unveraendert: 51 });
      leitung = await login(app, "leitung63", VERZEICHNIS_PASSWORT);
    });

    it("a disabled or removed account is out after the next sync: sessions end, steps go to the OE's Postkorb, the Leitung is told", async () => {
      const bauer = await login(app, "bauer", VERZEICHNIS_PASSWORT);
      const token = await app.inject({
        method: "POST",
        url: "/api/v1/api-tokens",
        headers: bauer.headers,
        payload: { name: "Skript" },
      });
      expect(token.statusCode).toBe(201);
      const akte = await app.inject({
        method: "POST",
        url: "/api/v1/akten",
        headers: bauer.headers,
        payload: { aktenplaneinheit: "63.20", betreff: "Bauantrag Lindenweg 1", federfuehrendeOe: "63" },
      });
      expect(akte.statusCode, akte.body).toBe(201);
      const vorgang = await app.inject({
        method: "POST",
        url: `/api/v1/akten/${akte.json().id}/vorgaenge`,
        headers: bauer.headers,
        payload: { betreff: "Bauantrag" },
      });
      const gang = await app.inject({
        method: "POST",
        url: `/api/v1/vorgaenge/${vorgang.json().id}/geschaeftsgaenge`,
        headers: bauer.headers,
        payload: { schritte: [{ art: "Bearbeitung", adressat: { benutzer: "bauer" } }] },
      });
      expect(gang.statusCode, gang.body).toBe(201);
      schrittId = gang.json().schritte[0].id;

      // The directory disables bauer (AD) or deletes the entry (LDAP).
      await verzeichnis.aendere(async (c) => {
        const dn = personDn(art, { kennung: "bauer", ou: "63" });
        if (art === "ad")
          await c.modify(
            dn,
            new Change({
              operation: "replace",
              modification: new Attribute({ type: "userAccountControl", values: ["514"] }),
            }),
          );
        else {
          await c.modify(
            gruppenDn("GG-631-SB"),
            new Change({
              operation: "delete",
              modification: new Attribute({ type: "member", values: [dn] }),
            }),
          );
          await c.del(dn);
        }
      });
      const bericht = await gleicheVerzeichnisAb(ctx);
      expect(bericht.deaktiviert).toEqual([
        expect.objectContaining({
          benutzername: "bauer",
          grund: art === "ad" ? "im Verzeichnis gesperrt" : "nicht mehr im Verzeichnis",
        }),
      ]);
      const me = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { cookie: bauer.cookie },
      });
      expect(me.statusCode).toBe(401);
      const mitToken = await app.inject({
        method: "GET",
        url: "/api/v1/auth/me",
        headers: { authorization: `Bearer ${token.json().token}` },
      });
      expect(mitToken.statusCode).toBe(401);
      const { rows } = await ctx.db.query(
        "SELECT widerrufen_am FROM api_token t JOIN benutzer b ON b.id = t.benutzer_id WHERE b.benutzername = 'bauer'",
      );
      expect(rows[0]?.widerrufen_am).not.toBeNull();
      // The step waits in the Bauaufsicht's Postkorb; its Leitung was told.
      const postkorb = await app.inject({
        method: "GET",
        url: "/api/v1/postkorb",
        headers: { cookie: leitung.cookie },
      });
      expect(JSON.stringify(postkorb.json())).toContain("Bauantrag");
      const { rows: schritt } = await ctx.db.query(
        "SELECT s.adressat_benutzer_id, o.kuerzel FROM schritt s JOIN organisationseinheit o ON o.id = s.adressat_oe_id WHERE s.id = $1",
        [schrittId],
      );
      expect(schritt[0]).toEqual({ adressat_benutzer_id: null, kuerzel: "63" });
      const notizen = await app.inject({
        method: "GET",
        url: "/api/v1/benachrichtigungen",
        headers: { cookie: leitung.cookie },
      });
      expect(JSON.stringify(notizen.json())).toContain("ist deaktiviert");
      const anmeldung = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { benutzername: "bauer", passwort: VERZEICHNIS_PASSWORT },
      });
      expect(anmeldung.statusCode).toBe(401);
      // The Verwaltung shows the last report.
      const admin = await login(app, "admin");
      const letzter = await app.inject({
        method: "GET",
        url: "/api/v1/verzeichnisabgleich",
        headers: { cookie: admin.cookie },
      });
      expect(letzter.statusCode).toBe(200);
      expect(letzter.json()).toMatchObject({ konfiguriert: true, bericht: { anzahl: { deaktiviert: 1 } } });
    });

    it("a sync that fails half-way leaves nothing applied and stores the failure", async () => {
      await verzeichnis.aendere(async (c) => {
        for (const [k, ou] of [
          ["person01", "32"],
          ["person02", "51"],
        ])
          await c.modify(
            personDn(art, { kennung: k!, ou: ou! }),
            new Change({
              operation: "replace",
              modification: new Attribute({ type: "sn", values: [`Neu${k}`] }),
            }),
          );
      });
      clock.set("2026-03-02T09:00:00Z");
      // The database refuses the second person's change, after the first was written.
      await ctx.db.query(`CREATE FUNCTION akw_test_halt() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.nachname = 'Neuperson02' THEN RAISE EXCEPTION 'Abbruch mitten im Abgleich'; END IF; RETURN NEW; END $$`);
      await ctx.db.query(
        "CREATE TRIGGER akw_test_halt BEFORE UPDATE ON benutzer FOR EACH ROW EXECUTE FUNCTION akw_test_halt()",
      );
      try {
        await expect(gleicheVerzeichnisAb(ctx)).rejects.toThrow(/Abbruch mitten im Abgleich/);
      } finally {
        await ctx.db.query("DROP TRIGGER akw_test_halt ON benutzer");
      }
      const { rows } = await ctx.db.query(
        "SELECT nachname FROM benutzer WHERE benutzername IN ('person01', 'person02') ORDER BY benutzername",
      );
      expect(rows.map((r) => r.nachname)).not.toContain("Neuperson01");
      const letzter = await ctx.db.query(
        "SELECT erfolgreich, fehler FROM verzeichnisabgleich ORDER BY nr DESC LIMIT 1",
      );
      expect(letzter.rows[0]?.erfolgreich).toBe(false);
      const danach = await gleicheVerzeichnisAb(ctx);
      expect(danach.anzahl.geaendert).toBe(2);
    });
  });
}

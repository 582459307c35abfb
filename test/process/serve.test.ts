import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  childEnv,
  json,
  loginCookie,
  postgresPidsFor,
  postmasterPid,
  runCli,
  startServe,
  tempDataDir,
  type ServeProcess,
} from "../helpers/process.js";
import { voraussetzung, XDOMEA_SCHEMAS, xdomeaSchemasDa } from "../helpers/voraussetzung.js";

const PASSWORT = "Demo-Passwort-2026";
// The product checks messages with libxml2 as WebAssembly: the schema directory is all it needs.
const xdomeaDa = voraussetzung(
  "xdomea-Schemas",
  xdomeaSchemasDa(),
  `3.0.0, 3.1.0 und samples fehlen unter ${XDOMEA_SCHEMAS}`,
);
let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ServeProcess | undefined;

beforeAll(async () => {
  dataDir = await tempDataDir();
  env = childEnv(dataDir, { AKTENWERK_DEMO_PASSWORD: PASSWORT });
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe("aktenwerk serve on the embedded database", () => {
  it("starts with the demo county: mueller logs in and reads /auth/me; health reports the embedded database", async () => {
    server = await startServe(env);
    expect(server.stderr()).toContain("Demo-Landkreis angelegt");
    const health = await json(fetch(`${server.url}/api/v1/health`));
    expect(health).toMatchObject({
      datenbank: { art: "eingebettet", ok: true },
      ablage: { art: "dateisystem", ok: true },
    });
    expect(health.werkzeuge).toHaveProperty("ocrmypdf");
    const { cookie, status } = await loginCookie(server.url, "mueller", PASSWORT);
    expect(status).toBe(200);
    const me = await json(fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } }));
    expect(me).toMatchObject({
      benutzer: { benutzername: "mueller", anzeigename: "Jürgen Müller" },
      rollen: ["Sachbearbeitung"],
    });
    expect(me.organisationseinheiten[0]).toMatchObject({ kuerzel: "63", name: "Bauaufsicht" });
  });

  it("serves the OpenAPI 3.1 document and the docs UI without login", async () => {
    const doc = await json(fetch(`${server!.url}/api/docs/openapi.json`));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/auth/login",
        "/api/v1/auth/me",
        "/api/v1/health",
        "/api/v1/protokoll",
      ]),
    );
    const ui = await fetch(`${server!.url}/api/docs`, { redirect: "follow" });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it("refuses a second serve on the same data directory and leaves the first unharmed", async () => {
    const second = await runCli(["serve", "--port", "0"], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/Datenverzeichnis .* wird bereits von "aktenwerk serve" \(PID \d+/);
    expect((await fetch(`${server!.url}/api/v1/health`)).status).toBe(200);
  });

  it("runs CLI commands while the server runs: user add, token create, protokoll verify", async () => {
    const added = await runCli(
      [
        "user",
        "add",
        "schulz",
        "--vorname",
        "Łucja",
        "--nachname",
        "Schulz-Ćwik",
        "--rolle",
        "63:Sachbearbeitung",
        "--passwort-stdin",
        "--json",
      ],
      env,
      "Schulz-Passwort-1",
    );
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ benutzername: "schulz", nachname: "Schulz-Ćwik" });
    const token = await runCli(
      ["token", "create", "--benutzer", "schulz", "--name", "Fachverfahren Bau", "--json"],
      env,
    );
    expect(token.code).toBe(0);
    const secret = JSON.parse(token.stdout).token as string;
    const me = await fetch(`${server!.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect((await json(me)).benutzer.benutzername).toBe("schulz");
    const found = await runCli(["search", "Bauantrag", "Lindenweg", "--as", "mueller", "--json"], env);
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout).treffer[0].dokument.titel).toBe("Bauantrag Einfamilienhaus Lindenweg 12");
    const hidden = await runCli(["search", "Bauantrag", "--as", "weber", "--json"], env);
    expect(JSON.parse(hidden.stdout)).toMatchObject({ anzahl: 0, treffer: [] });
    const ordner = path.join(dataDir, "import");
    await fs.mkdir(path.join(ordner, "unterordner"), { recursive: true });
    await fs.writeFile(path.join(ordner, "schreiben.txt"), "Anfrage zur Baugenehmigung");
    await fs.writeFile(path.join(ordner, "unterordner", "vermerk.txt"), "Vermerk zum Ortstermin");
    await fs.writeFile(path.join(ordner, "leer.pdf"), "");
    const importiert = await runCli(["import", ordner, "--posteingang", "63", "--json"], env);
    expect(importiert.code).toBe(1);
    expect(JSON.parse(importiert.stdout)).toMatchObject({
      aufgenommen: 2,
      probleme: [{ datei: path.join(ordner, "leer.pdf"), grund: "Die Datei ist leer (0 Byte)." }],
    });
    const falsch = await runCli(["import", ordner], env);
    expect(falsch.code).toBe(2);
    expect(falsch.stderr).toMatch(/--vorgang <id> oder --posteingang <OE>/);
    const verify = await runCli(["protokoll", "verify", "--json"], env);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });

  it.runIf(xdomeaDa)(
    "exchanges xdomea from the command line: export 0503, import of another system's 0503, refusals with exit codes",
    async () => {
      const schemas = XDOMEA_SCHEMAS;
      const xenv = { ...env, AKTENWERK_XDOMEA_SCHEMAS: schemas };
      // The demo's second Bauakte, by the Aktenzeichen the server gave it (the year is the seed's, in UTC).
      const { cookie } = await loginCookie(server!.url, "mueller", PASSWORT);
      const akten = await json(fetch(`${server!.url}/api/v1/akten?limit=200`, { headers: { cookie } }));
      const aktenzeichen = akten.eintraege
        .map((a: { aktenzeichen: string }) => a.aktenzeichen)
        .find((z: string) => z.startsWith("63.10-0002/"));
      expect(aktenzeichen).toMatch(/^63\.10-0002\/\d{4}$/);
      const ziel = path.join(dataDir, "aussonderung.zip");
      const ohneSchemas = await runCli(
        ["xdomea", "export", "--akte", aktenzeichen, "--nachricht", "0503", "--out", ziel],
        env,
      );
      expect(ohneSchemas.code).toBe(1);
      expect(ohneSchemas.stderr).toMatch(/AKTENWERK_XDOMEA_SCHEMAS/);
      const ex = await runCli(
        ["xdomea", "export", "--akte", aktenzeichen, "--nachricht", "0503", "--out", ziel, "--json"],
        xenv,
      );
      expect(ex.code, ex.stderr).toBe(0);
      expect(JSON.parse(ex.stdout)).toMatchObject({ nachrichtentyp: "0503", akten: 1, version: "3.0.0" });
      const probe = path.join(
        schemas,
        "samples",
        (await fs.readdir(path.join(schemas, "samples"))).find((f) => f.includes(".0503."))!,
      );
      const im = await runCli(["xdomea", "import", probe], xenv);
      expect(im.code, im.stderr).toBe(0);
      expect(im.stdout).toMatch(/Akte\(n\) mit \d+ Dokument\(en\) übernommen/);
      const nochmal = await runCli(["xdomea", "import", probe], xenv);
      expect([nochmal.code, nochmal.stderr.trim()]).toEqual([
        1,
        "Fehler: Diese Nachricht wurde bereits importiert.",
      ]);
      const falsch = await runCli(
        ["xdomea", "export", "--akte", "x", "--nachricht", "0999", "--out", ziel],
        xenv,
      );
      expect(falsch.code).toBe(2);
    },
  );

  it("survives kill -9 during an upload: the next start adopts the same PostgreSQL, keeps what was acknowledged and nothing of the upload", async () => {
    const { cookie, csrf } = await loginCookie(server!.url, "admin", PASSWORT);
    const created = await fetch(`${server!.url}/api/v1/organisationseinheiten`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      body: JSON.stringify({ name: "Gesundheitsamt", kuerzel: "53", art: "Amt" }),
    });
    expect(created.status).toBe(201);

    // A Vorgang of mueller's, and an upload into it that is still streaming when the server dies.
    const sb = await loginCookie(server!.url, "mueller", PASSWORT);
    const akten = await json(
      fetch(`${server!.url}/api/v1/akten?limit=200`, { headers: { cookie: sb.cookie } }),
    );
    const aktenzeichen = akten.eintraege
      .map((a: { aktenzeichen: string }) => a.aktenzeichen)
      .find((z: string) => z.startsWith("63.10-0001/"));
    const vorgangUrl = (url: string) =>
      `${url}/api/v1/vorgaenge?aktenzeichen=${encodeURIComponent(aktenzeichen)}&nr=1`;
    const vorgang = await json(fetch(vorgangUrl(server!.url), { headers: { cookie: sb.cookie } }));
    const dokumenteVorher = vorgang.dokumente.map((d: { id: string }) => d.id);
    const tmp = path.join(dataDir, "blobs", "tmp");
    const teileVorher = await fs.readdir(tmp).catch(() => [] as string[]);
    const grenze = "----akwKill9";
    const upload = http.request(`${server!.url}/api/v1/vorgaenge/${vorgang.id}/dokumente`, {
      method: "POST",
      headers: {
        cookie: sb.cookie,
        "x-csrf-token": sb.csrf,
        "content-type": `multipart/form-data; boundary=${grenze}`,
        "content-length": String(4 * 1024 * 1024),
      },
    });
    upload.on("error", () => undefined);
    upload.write(
      `--${grenze}\r\nContent-Disposition: form-data; name="metadaten"\r\n\r\n{"typ":"Eingang","titel":"Halb hochgeladen"}\r\n` +
        `--${grenze}\r\nContent-Disposition: form-data; name="datei"; filename="halb.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    upload.write(Buffer.alloc(512 * 1024, 0x41));
    // The server is writing the upload's temp file: it is in flight.
    await expect
      .poll(
        async () =>
          (await fs.readdir(tmp).catch(() => [] as string[])).filter((n) => !teileVorher.includes(n)),
        {
          timeout: 30_000,
        },
      )
      .toHaveLength(1);

    const postmaster = await postmasterPid(dataDir);
    expect(postmaster).toBeGreaterThan(0);
    server!.child.kill("SIGKILL");
    await server!.exited;
    upload.destroy();
    // The orphaned PostgreSQL keeps running on its own.
    expect(await postgresPidsFor(dataDir)).toContain(postmaster);

    server = await startServe({ ...env, LOG_LEVEL: "info" });
    expect(server.stderr()).not.toContain("Demo-Landkreis angelegt");
    // Adopted, not restarted: the same postmaster, and the log says so.
    expect(await postmasterPid(dataDir)).toBe(postmaster);
    expect(await postgresPidsFor(dataDir)).toContain(postmaster);
    expect(server.stdout()).toContain(
      `Laufender eingebetteter PostgreSQL-Server (PID ${postmaster}) wird übernommen.`,
    );
    const list = await json(
      fetch(`${server.url}/api/v1/organisationseinheiten`, {
        headers: { cookie: (await loginCookie(server.url, "admin", PASSWORT)).cookie },
      }),
    );
    expect(list.map((o: { kuerzel: string }) => o.kuerzel)).toContain("53");
    // Nothing of the upload became a Dokument; the same file goes in afterwards.
    const sb2 = await loginCookie(server.url, "mueller", PASSWORT);
    const danach = await json(fetch(vorgangUrl(server.url), { headers: { cookie: sb2.cookie } }));
    expect(danach.dokumente.map((d: { id: string }) => d.id)).toEqual(dokumenteVorher);
  });

  it("stops on SIGTERM after finishing, and takes the embedded database down with it", async () => {
    server!.child.kill("SIGTERM");
    expect(await server!.exited).toBe(0);
    expect(await postgresPidsFor(dataDir)).toEqual([]);
    await expect(fs.access(path.join(dataDir, "aktenwerk.lock"))).rejects.toThrow();
  });

  it("detects a Protokoll row altered behind the database's back (exit 1 naming the entry)", async () => {
    // With the server stopped the CLI owns the database; we alter a row with the server's own credentials.
    const ok = await runCli(["protokoll", "verify"], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Protokoll in Ordnung/);
    const { default: pg } = await import("pg");
    const { EmbeddedPostgres } = await import("../../src/server/platform/database/embedded.js");
    const embedded = new EmbeddedPostgres(dataDir);
    const connection = await embedded.startOrAdopt();
    const client = new pg.Client({ connectionString: connection.url });
    await client.connect();
    await client.query("ALTER TABLE protokoll DISABLE TRIGGER protokoll_kein_update_delete");
    await client.query("UPDATE protokoll SET akteur_name = 'Jemand anderes' WHERE nr = 5");
    await client.query("ALTER TABLE protokoll ENABLE TRIGGER protokoll_kein_update_delete");
    await client.end();
    await embedded.stop();
    const broken = await runCli(["protokoll", "verify"], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/Eintrag 5 wurde nachträglich verändert/);
  });
});

describe("aktenwerk backup / restore", () => {
  it("restores into an empty data directory with the same logins; fsck and verify clean", async () => {
    const source = await tempDataDir();
    const target = await tempDataDir();
    const backupDir = path.join(await tempDataDir(), "sicherung");
    try {
      const sourceEnv = childEnv(source, { AKTENWERK_DEMO_PASSWORD: PASSWORT });
      const running = await startServe(sourceEnv);
      const backupRun = await runCli(["backup", backupDir, "--json"], sourceEnv);
      expect(backupRun.code).toBe(0);
      running.child.kill("SIGTERM");
      await running.exited;

      const targetEnv = childEnv(target);
      const restored = await runCli(["restore", backupDir], targetEnv);
      expect(restored.stderr).toBe("");
      expect(restored.code).toBe(0);
      expect(restored.stdout).toMatch(/Protokoll: in Ordnung/);
      const fsckRun = await runCli(["fsck", "--json"], targetEnv);
      expect(fsckRun.code).toBe(0);
      expect(JSON.parse(fsckRun.stdout).probleme).toEqual([]);
      const again = await startServe(targetEnv, ["--no-demo"]);
      expect((await loginCookie(again.url, "mueller", PASSWORT)).status).toBe(200);
      again.child.kill("SIGTERM");
      await again.exited;
    } finally {
      await Promise.all(
        [source, target, path.dirname(backupDir)].map((d) => fs.rm(d, { recursive: true, force: true })),
      );
    }
  }, 180_000);
});

describe("aktenwerk CLI usage", () => {
  it("has German help on every command and exits 2 on wrong usage", async () => {
    const help = await runCli(["--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Aufruf:/);
    const hilfen: Promise<void>[] = [];
    for (const command of [
      ["serve"],
      ["migrate"],
      ["worker"],
      ["user", "add"],
      ["token", "create"],
      ["protokoll", "verify"],
      ["fsck"],
      ["backup"],
      ["restore"],
      ["doctor"],
    ]) {
      hilfen.push(
        runCli([...command, "--help"], env).then((r) => {
          expect(r.code, command.join(" ")).toBe(0);
          expect(r.stdout, command.join(" ")).toMatch(/Optionen:/);
        }),
      );
    }
    // Each call starts a process that loads the whole program: side by side, not one after another.
    await Promise.all(hilfen);
    const unknown = await runCli(["fsck", "--gibts-nicht"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unbekannte Option „--gibts-nicht“/);
    const badRole = await runCli(["user", "add", "x1", "--nachname", "X", "--rolle", "63:Chef"], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/keine gültige Rolle/);
    const missing = await runCli(["backup"], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Es fehlt das Argument „verzeichnis“/);
    expect((await runCli(["user"], env)).code).toBe(2);
  }, 180_000);

  it("doctor says in German what the machine lacks and how to install it; exit 1 only for an error", async () => {
    // On the CI machine everything is there: the running server's database is read, all is fine.
    const gut = await runCli(["doctor", "--json"], env);
    const befunde = JSON.parse(gut.stdout) as {
      pruefung: string;
      stand: string;
      text: string;
      abhilfe: string | null;
    }[];
    const stand = (p: string) => befunde.find((b) => b.pruefung === p);
    expect(stand("Version")).toMatchObject({ stand: "ok" });
    expect(stand("Version")!.text).toMatch(/eingebettete Datenbank/);
    // Without the OCR programs on the PATH: notices with the package to install, still exit 0.
    // (The embedded database still finds `id` and `useradd`, which it needs as root.)
    const bin = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-pfad-"));
    for (const p of ["/usr/bin/id", "/usr/sbin/useradd"])
      await fs.symlink(p, path.join(bin, path.basename(p))).catch(() => undefined);
    const ohne = await runCli(["doctor"], { ...env, PATH: bin });
    expect(ohne.code, ohne.stderr).toBe(0);
    expect(ohne.stdout).toMatch(/^Aktenwerk doctor: \d+ Prüfungen, \d+ Hinweise, 0 Fehler/);
    expect(ohne.stdout).toMatch(/! OCRmyPDF: OCRmyPDF fehlt.*\n\s+Abhilfe: sudo apt install ocrmypdf/);
    expect(ohne.stdout).toMatch(/Abhilfe: sudo apt install ghostscript/);
    // A schema directory without the versions is an error: exit 1, naming the missing files.
    const falsch = await runCli(["doctor"], { ...env, AKTENWERK_XDOMEA_SCHEMAS: dataDir });
    expect(falsch.code).toBe(1);
    expect(falsch.stdout).toMatch(/✗ Schemas: Unter .* fehlt 3\.0\.0\/xdomea\.xsd und 3\.1\.0\/xdomea\.xsd/);
  }, 180_000);
});

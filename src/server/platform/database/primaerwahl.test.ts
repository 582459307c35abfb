import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";
import { datenbankNichtErreichbar } from "./database.js";
import { serverListe } from "./primaerwahl.js";

describe("serverListe: DATABASE_URL with several servers", () => {
  it("keeps a URL with one server as it is (plain pool)", () => {
    expect(serverListe("postgres://akw:geheim@db1:5432/aktenwerk")).toBeUndefined();
  });

  it("splits the servers and gives node-pg the first one, without target_session_attrs", () => {
    expect(
      serverListe(
        "postgresql://akw:ge%40heim@db1.kreis.local:5433,db2.kreis.local,[fd00::7]:6432/aktenwerk?sslmode=require&target_session_attrs=read-write",
      ),
    ).toEqual({
      basis: "postgresql://akw:ge%40heim@db1.kreis.local:5433/aktenwerk?sslmode=require",
      server: [
        { host: "db1.kreis.local", port: 5433 },
        { host: "db2.kreis.local", port: 5432 },
        { host: "fd00::7", port: 6432 },
      ],
    });
  });

  it("refuses a target_session_attrs other than read-write: Aktenwerk writes", () => {
    expect(() => serverListe("postgres://a@h1,h2/db?target_session_attrs=read-only")).toThrow(
      /target_session_attrs=read-only geht nicht/,
    );
  });
});

describe("configuration of the replica", () => {
  it("takes DATABASE_REPLICA_URL beside DATABASE_URL", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://akw@db1,db2/aktenwerk",
      DATABASE_REPLICA_URL: "postgres://akw@db2/aktenwerk",
    });
    expect(config.databaseReplicaUrl).toBe("postgres://akw@db2/aktenwerk");
    expect(loadConfig({ DATABASE_URL: "postgres://akw@db1/aktenwerk" }).databaseReplicaUrl).toBeUndefined();
  });

  it("refuses a replica without DATABASE_URL, a replica URL with several servers, and a bad server list", () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: "postgres://akw@db2/aktenwerk" })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ DATABASE_URL: "postgres://akw@db1/a", DATABASE_REPLICA_URL: "postgres://akw@db2,db3/a" }),
    ).toThrow(/einen Server nennen/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://akw@db1,db2/a?target_session_attrs=any" })).toThrow(
      ConfigError,
    );
  });
});

describe("datenbankNichtErreichbar: which errors are a 503 (the database went away), not a 500", () => {
  it("counts connection classes, shutdowns, socket errors and broken connections", () => {
    for (const fehler of [
      Object.assign(new Error("x"), { code: "08006" }),
      Object.assign(new Error("x"), { code: "57P01" }),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
    ])
      expect(datenbankNichtErreichbar(fehler), fehler.message).toBe(true);
  });

  it("leaves errors of the request itself alone", () => {
    for (const fehler of [
      Object.assign(new Error("x"), { code: "23505" }),
      Object.assign(new Error("x"), { code: "40001" }),
      Object.assign(new Error("x"), { code: "ERR_STREAM_PREMATURE_CLOSE" }),
      new Error("Cannot read properties of undefined"),
      undefined,
    ])
      expect(datenbankNichtErreichbar(fehler)).toBe(false);
  });
});

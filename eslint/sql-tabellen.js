// @ts-check
// Which tables a piece of SQL names, and which module owns each table. Used by the lint rule
// aktenwerk/fremde-tabellen and by the measurement scripts/architektur.ts, so both see the same
// references. Ownership comes from the migrations: the last `COMMENT ON TABLE t IS 'Modul: m'`.
import fs from "node:fs";
import path from "node:path";

/** What stands for a template literal's `${…}` when its parts are joined (no identifier character). */
export const PLATZHALTER = " ? ";

/** A statement at the start of a text (after trimming), in any case. */
const SQL_ANFANG =
  /^(?:SELECT\s|INSERT\s+INTO\s|UPDATE\s+(?:ONLY\s+)?[\w."]+\s+(?:(?:AS\s+)?\w+\s+)?SET\s|DELETE\s+FROM\s|WITH\s+(?:RECURSIVE\s+)?[\w"]+\s*(?:\([^)]*\)\s*)?AS\s|CREATE\s+\w|ALTER\s+\w|LOCK\s+\w|TRUNCATE\s+\w)/i;

/** A statement somewhere inside a text, in capitals as our SQL writes them. */
const SQL_INNEN =
  /\b(?:SELECT\s[\s\S]*?\bFROM\s|INSERT\s+INTO\s|UPDATE\s+(?:ONLY\s+)?[\w."]+\s+(?:(?:AS\s+)?\w+\s+)?SET\s|DELETE\s+FROM\s|TRUNCATE\s+(?:TABLE\s+)?[\w"]|LOCK\s+TABLE\s)/;

/**
 * Whether a string looks like SQL: it starts with a statement keyword (any case) or contains a
 * statement written in capitals.
 * @param {string} text
 */
export function istSql(text) {
  const t = text.trim();
  return SQL_ANFANG.test(t) || SQL_INNEN.test(t);
}

/** A template that continues SQL kept in a constant: `${SELECT_AKTE} WHERE a.id = $1`. */
const SQL_FORTSETZUNG =
  /^\s*\?\s+(?:WHERE|ORDER\s+BY|GROUP\s+BY|(?:LEFT\s+|INNER\s+|CROSS\s+)?JOIN|FROM|LIMIT|UNION|RETURNING|ON\s+CONFLICT)\s/;

/**
 * Whether a template literal's text (its `${…}` joined as PLATZHALTER) starts with a substitution
 * followed by a clause in capitals: the rest of a query whose start is kept in a constant.
 * @param {string} text
 */
export function istSqlFortsetzung(text) {
  return SQL_FORTSETZUNG.test(text);
}

/**
 * The text without comments, and with the contents of string constants ('…', E'…', $$…$$) emptied,
 * so that neither can name a table.
 * @param {string} sql
 * @param {{ zeichenkettenBehalten?: boolean }} [optionen] keep string constants (for COMMENT ON)
 */
export function ohneKommentare(sql, optionen = {}) {
  let aus = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "-" && sql[i + 1] === "-") {
      const ende = sql.indexOf("\n", i);
      i = ende === -1 ? sql.length : ende;
    } else if (c === "/" && sql[i + 1] === "*") {
      const ende = sql.indexOf("*/", i + 2);
      i = ende === -1 ? sql.length : ende + 2;
      aus += " ";
    } else if (c === "'") {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      aus += optionen.zeichenkettenBehalten ? sql.slice(i, j + 1) : "''";
      i = j + 1;
    } else if (c === "$" && /^\$\w*\$/.test(sql.slice(i))) {
      const marke = /** @type {string} */ (/^\$\w*\$/.exec(sql.slice(i))?.[0]);
      // "$1" is a parameter, not a quote.
      if (/^\$\d+\$$/.test(marke)) {
        aus += c;
        i++;
        continue;
      }
      const ende = sql.indexOf(marke, i + marke.length);
      const stop = ende === -1 ? sql.length : ende + marke.length;
      aus += optionen.zeichenkettenBehalten ? sql.slice(i, stop) : "''";
      i = stop;
    } else {
      aus += c;
      i++;
    }
  }
  return aus;
}

/**
 * @typedef {{ art: "wort", wert: string, gross: string, zitiert: boolean }
 *   | { art: "zeichen", wert: string }} Token
 */

/**
 * @param {string} sql without comments and string contents
 * @returns {Token[]}
 */
function zerlege(sql) {
  /** @type {Token[]} */
  const tokens = [];
  const muster = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)|(\S)/g;
  for (const m of sql.matchAll(muster)) {
    if (m[1] !== undefined) {
      const wert = m[1].replaceAll('""', '"');
      tokens.push({ art: "wort", wert, gross: wert.toUpperCase(), zitiert: true });
    } else if (m[2] !== undefined) {
      tokens.push({ art: "wort", wert: m[2].toLowerCase(), gross: m[2].toUpperCase(), zitiert: false });
    } else {
      tokens.push({ art: "zeichen", wert: /** @type {string} */ (m[3]) });
    }
  }
  return tokens;
}

/** Words that end a table reference instead of being its alias. */
const SCHLUESSELWOERTER = new Set(
  (
    "WHERE JOIN LEFT RIGHT INNER FULL CROSS NATURAL ON USING GROUP ORDER LIMIT OFFSET FOR UNION " +
    "EXCEPT INTERSECT RETURNING SET WINDOW HAVING FETCH TABLESAMPLE VALUES SELECT DEFAULT IN " +
    "LATERAL ONLY AS WITH DO NOTHING CONFLICT IS AND OR NOT"
  ).split(" "),
);

/**
 * One mention of a known table in SQL.
 * @typedef {{ tabelle: string, schreibend: boolean, schluesselwort: string }} Tabellenbezug
 */

/**
 * The known tables a piece of SQL names after FROM, JOIN, INTO, UPDATE, DELETE FROM, USING,
 * TRUNCATE and LOCK TABLE, each mention once, in order. Writes are INSERT INTO (and MERGE INTO),
 * UPDATE, DELETE FROM and TRUNCATE; everything else reads.
 * @param {string} sql
 * @param {ReadonlySet<string> | ReadonlyMap<string, unknown>} bekannt the tables of the migrations
 * @returns {Tabellenbezug[]}
 */
export function tabellenBezuege(sql, bekannt) {
  const tokens = zerlege(ohneKommentare(sql));
  /** @type {Tabellenbezug[]} */
  const bezuege = [];
  /** @param {number} i */
  const gross = (i) => {
    const t = tokens[i];
    return t?.art === "wort" && !t.zitiert ? t.gross : "";
  };
  /**
   * The table name starting at token i (optionally schema-qualified): [name, index after it].
   * @param {number} i
   * @returns {[string, number] | undefined}
   */
  const name = (i) => {
    while (gross(i) === "ONLY" || gross(i) === "TABLE" || gross(i) === "LATERAL") i++;
    const t = tokens[i];
    if (t?.art !== "wort") return undefined;
    let wert = t.wert;
    let weiter = i + 1;
    const punkt = tokens[weiter];
    const zweiter = tokens[weiter + 1];
    if (punkt?.art === "zeichen" && punkt.wert === "." && zweiter?.art === "wort") {
      wert = zweiter.wert;
      weiter += 2;
    }
    return bekannt.has(wert) ? [wert, weiter] : undefined;
  };
  /** @param {number} i @param {string} zeichen */
  const ist = (i, zeichen) => {
    const t = tokens[i];
    return t?.art === "zeichen" && t.wert === zeichen;
  };
  /**
   * The index after the parenthesis opening at i.
   * @param {number} i
   */
  const hinterKlammer = (i) => {
    let tiefe = 0;
    for (let j = i; j < tokens.length; j++) {
      if (ist(j, "(")) tiefe++;
      else if (ist(j, ")") && --tiefe === 0) return j + 1;
    }
    return tokens.length;
  };
  /**
   * The index after a FROM item that is no known table (a function call, a subquery, another
   * name), or -1 where no item starts.
   * @param {number} i
   */
  const hinterAnderem = (i) => {
    while (gross(i) === "ONLY" || gross(i) === "LATERAL") i++;
    if (ist(i, "(")) return hinterKlammer(i);
    if (tokens[i]?.art !== "wort" || SCHLUESSELWOERTER.has(gross(i))) return -1;
    i++;
    while (ist(i, ".") && tokens[i + 1]?.art === "wort") i += 2;
    return ist(i, "(") ? hinterKlammer(i) : i;
  };
  /**
   * Records the table at i, and with `liste` the further tables of a comma-separated FROM list
   * (skipping its functions and subqueries).
   * @param {number} i
   * @param {string} schluesselwort
   * @param {boolean} schreibend
   * @param {boolean} liste
   */
  const nimm = (i, schluesselwort, schreibend, liste) => {
    let j = i;
    for (;;) {
      const gefunden = name(j);
      if (gefunden) {
        bezuege.push({ tabelle: gefunden[0], schreibend, schluesselwort });
        j = gefunden[1];
      } else {
        if (!liste) return;
        j = hinterAnderem(j);
        if (j === -1) return;
      }
      if (!liste) return;
      if (gross(j) === "AS") j++;
      if (tokens[j]?.art === "wort" && !SCHLUESSELWOERTER.has(gross(j))) j++;
      // Column aliases: unnest($1) AS x (a, b).
      if (ist(j, "(")) j = hinterKlammer(j);
      if (!ist(j, ",")) return;
      j++;
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    const wort = gross(i);
    const davor = gross(i - 1);
    switch (wort) {
      case "FROM":
        // IS DISTINCT FROM, EXTRACT(x FROM y), substring(s FROM n) name no table – y or s could
        // only collide with a table name by accident.
        if (davor === "DISTINCT") break;
        if (davor === "DELETE") nimm(i + 1, "DELETE FROM", true, false);
        else nimm(i + 1, "FROM", false, true);
        break;
      case "JOIN":
        nimm(i + 1, "JOIN", false, false);
        break;
      case "USING":
        nimm(i + 1, "USING", false, true);
        break;
      case "INTO":
        nimm(i + 1, davor === "INSERT" || davor === "MERGE" ? `${davor} INTO` : "INTO", true, false);
        break;
      case "UPDATE":
        // FOR UPDATE, FOR NO KEY UPDATE, ON CONFLICT … DO UPDATE, ON UPDATE CASCADE.
        if (davor === "FOR" || davor === "KEY" || davor === "DO" || davor === "ON") break;
        nimm(i + 1, "UPDATE", true, false);
        break;
      case "TRUNCATE":
        nimm(i + 1, "TRUNCATE", true, true);
        break;
      case "LOCK":
        nimm(i + 1, "LOCK TABLE", false, true);
        break;
      default:
        break;
    }
  }
  return bezuege;
}

/**
 * The tables the migrations create and who owns each.
 * @typedef {{ tabellen: string[], eigentum: Map<string, string>, ohneEigentuemer: string[] }} Eigentum
 */

/**
 * Reads the tables and their owners from migration texts in the order they are applied: every
 * CREATE TABLE (less DROP TABLE, following ALTER TABLE … RENAME TO) and the last
 * `COMMENT ON TABLE t IS 'Modul: m'` of each table.
 * @param {readonly string[]} texte the migrations' SQL, in order
 * @returns {Eigentum}
 */
export function eigentumAusSql(texte) {
  /** @type {Set<string>} */
  const tabellen = new Set();
  /** @type {Map<string, string>} */
  const eigentum = new Map();
  /** @param {string} n */
  const bezeichner = (n) => {
    const letzter = /** @type {string} */ (n.split(".").at(-1));
    return letzter.startsWith('"') ? letzter.slice(1, -1) : letzter.toLowerCase();
  };
  const anweisung =
    /\bCREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)|\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([\w."]+)|\bALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\w."]+)\s+RENAME\s+TO\s+([\w."]+)|\bCOMMENT\s+ON\s+TABLE\s+([\w."]+)\s+IS\s+'Modul:\s*([\w-]+)\s*'/gi;
  for (const text of texte) {
    for (const m of ohneKommentare(text, { zeichenkettenBehalten: true }).matchAll(anweisung)) {
      if (m[1]) tabellen.add(bezeichner(m[1]));
      else if (m[2]) {
        tabellen.delete(bezeichner(m[2]));
        eigentum.delete(bezeichner(m[2]));
      } else if (m[3] && m[4]) {
        const alt = bezeichner(m[3]);
        const neu = bezeichner(m[4]);
        if (tabellen.delete(alt)) tabellen.add(neu);
        const modul = eigentum.get(alt);
        eigentum.delete(alt);
        if (modul) eigentum.set(neu, modul);
      } else if (m[5] && m[6]) eigentum.set(bezeichner(m[5]), m[6]);
    }
  }
  const liste = [...tabellen];
  return { tabellen: liste, eigentum, ohneEigentuemer: liste.filter((t) => !eigentum.has(t)) };
}

/** @type {Map<string, { stand: string, eigentum: Eigentum }>} */
const zwischenspeicher = new Map();

/**
 * Reads a migrations folder (*.sql in name order): the tables, Map<table, module> from the last
 * `COMMENT ON TABLE … IS 'Modul: …'` per table, and the tables without an owner.
 * @param {string} ordner
 * @returns {Eigentum}
 */
export function leseTabellenEigentum(ordner) {
  const dateien = fs
    .readdirSync(ordner)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const stand = dateien.map((f) => `${f}:${fs.statSync(path.join(ordner, f)).mtimeMs}`).join("|");
  const bekannt = zwischenspeicher.get(ordner);
  if (bekannt?.stand === stand) return bekannt.eigentum;
  const eigentum = eigentumAusSql(dateien.map((f) => fs.readFileSync(path.join(ordner, f), "utf8")));
  zwischenspeicher.set(ordner, { stand, eigentum });
  return eigentum;
}

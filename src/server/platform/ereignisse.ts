import type { Akteur } from "./akteur.js";
import type { Queryable, Tx } from "./database/database.js";

/**
 * What a lower layer tells the layers above it without knowing them. Each event names its object
 * by id only; a receiver reads what it needs through the owner's front door.
 */
export type Ereignis =
  /** The rule who may read an Akte's content changed (Beteiligung, Verschlusssache, OE, Befugnis). */
  | { art: "akte.sichtbarkeit_geaendert"; akteId: string }
  /** A Dokument was created, or its metadata, a version or its recognised text changed. */
  | { art: "dokument.geaendert"; dokumentId: string }
  /**
   * Dokumente are about to be deleted (their Akte's content after an Aussonderung): sent in the
   * deleting transaction before their rows go, so receivers drop what refers to them.
   */
  | { art: "dokumente.entfernt"; dokumentIds: string[] }
  /** Vorgänge are about to be deleted, likewise: receivers drop what refers to them. */
  | { art: "vorgaenge.entfernt"; vorgangIds: string[] }
  /**
   * A user was deactivated (Administration or directory sync), sessions and tokens already gone:
   * receivers hand on what waits for them (open steps to their OE's Postkorb). `akteur` did it.
   */
  | { art: "benutzer.deaktiviert"; benutzerId: string; akteur: Akteur | "system"; systemName?: string };

export type EreignisArt = Ereignis["art"];

type Empfaenger<A extends EreignisArt> = (tx: Tx, ereignis: Extract<Ereignis, { art: A }>) => Promise<void>;

/**
 * What a lower layer must ask the layers above it without knowing them (the Aktenplan: how many
 * Akten lie under a unit). Each question has exactly one answerer, registered by the composition
 * root; it reads with the asker's `q`, so an answer inside a transaction sees that transaction.
 */
export interface Fragen {
  /** Akten filed per Aktenplaneinheit (any status, deleted ones included); only `einheitIds` if given. */
  "akten.je_aktenplaneinheit": { frage: { einheitIds?: readonly string[] }; antwort: Map<string, number> };
  /**
   * The Akten a reader may see per Aktenplaneinheit (not deleted): what the Aktenplan shows, so a
   * count never tells anyone that an Akte they may not see exists.
   */
  "akten.je_aktenplaneinheit.sichtbar": {
    frage: { leser: Akteur; einheitIds?: readonly string[] };
    antwort: Map<string, number>;
  };
}

export type FrageArt = keyof Fragen;

type Antwort<F extends FrageArt> = (q: Queryable, frage: Fragen[F]["frage"]) => Promise<Fragen[F]["antwort"]>;

/**
 * In-process events, delivered inside the sender's transaction: a receiver's writes commit or roll
 * back with the change that caused them, exactly as a direct call would. The composition root
 * (`src/server/verdrahtung.ts`) subscribes the receivers once per context, and registers the one
 * answerer of each question (`frage`).
 */
export class Ereignisse {
  readonly #empfaenger = new Map<EreignisArt, Empfaenger<EreignisArt>[]>();

  abonniere<A extends EreignisArt>(art: A, empfaenger: Empfaenger<A>): void {
    const liste = this.#empfaenger.get(art) ?? [];
    liste.push(empfaenger as unknown as Empfaenger<EreignisArt>);
    this.#empfaenger.set(art, liste);
  }

  /** Delivers to every receiver in subscription order; a receiver's error aborts the transaction. */
  async sende(tx: Tx, ereignis: Ereignis): Promise<void> {
    for (const empfaenger of this.#empfaenger.get(ereignis.art) ?? []) await empfaenger(tx, ereignis);
  }

  readonly #antworten = new Map<FrageArt, Antwort<FrageArt>>();

  /** Registers the one answerer of a question. */
  beantworte<F extends FrageArt>(art: F, antwort: Antwort<F>): void {
    if (this.#antworten.has(art)) throw new Error(`Die Frage ${art} hat schon eine Antwort.`);
    this.#antworten.set(art, antwort as unknown as Antwort<FrageArt>);
  }

  /** Asks a question; without an answerer (a context not wired by `verdrahte`) that is a bug. */
  async frage<F extends FrageArt>(
    q: Queryable,
    art: F,
    frage: Fragen[F]["frage"],
  ): Promise<Fragen[F]["antwort"]> {
    const antwort = this.#antworten.get(art) as Antwort<F> | undefined;
    if (!antwort) throw new Error(`Die Frage ${art} hat keine Antwort; verdrahte() fehlt.`);
    return antwort(q, frage);
  }
}

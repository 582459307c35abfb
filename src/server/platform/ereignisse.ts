import type { Tx } from "./database/database.js";

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
  | { art: "vorgaenge.entfernt"; vorgangIds: string[] };

export type EreignisArt = Ereignis["art"];

type Empfaenger<A extends EreignisArt> = (tx: Tx, ereignis: Extract<Ereignis, { art: A }>) => Promise<void>;

/**
 * In-process events, delivered inside the sender's transaction: a receiver's writes commit or roll
 * back with the change that caused them, exactly as a direct call would. The composition root
 * (`src/server/verdrahtung.ts`) subscribes the receivers once per context.
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
}

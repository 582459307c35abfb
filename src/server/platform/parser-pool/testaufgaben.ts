/** Tasks for the pool's own tests: well-behaved, throwing, CPU-burning, heap- and buffer-eating. */
export const aufgaben = {
  verdopple: (n: number) => n * 2,
  async bytes(n: number): Promise<Uint8Array> {
    return new Uint8Array(n).fill(7);
  },
  wirf(meldung: string): never {
    const e = Object.assign(new Error(meldung), { code: "kaputt" });
    e.name = "KaputtException";
    throw e;
  },
  endlos(): number {
    let x = 0;
    for (;;) x = (x + 1) % 1000;
  },
  speicherfresser(): number {
    const halde: string[][] = [];
    for (;;) halde.push(Array.from({ length: 100_000 }, (_, i) => `eintrag-${i}-${halde.length}`));
  },
  /**
   * Holds `haltenMb` of Buffers and discards `anzahl` Buffers of 4 MB, yielding after each:
   * garbage that V8 would free late, as pdf.js decoding images leaves it.
   */
  async pufferdurchsatz(e: {
    haltenMb: number;
    anzahl: number;
  }): Promise<{ verworfenMb: number; gehaltenMb: number }> {
    const halde = Array.from({ length: e.haltenMb }, () => Buffer.alloc(1024 * 1024, 1));
    for (let n = 0; n < e.anzahl; n++) {
      Buffer.alloc(4 * 1024 * 1024, n);
      await new Promise((r) => setImmediate(r));
    }
    return { verworfenMb: 4 * e.anzahl, gehaltenMb: halde.length };
  },
  /**
   * Holds ever more Buffers (off-heap: V8's heap limit never sees them) without once yielding to
   * the thread's event loop, 4 MB every 5 ms, as an inflater or pdf.js decoding a stream would;
   * stops allocating at 512 MB (so a pool without the guard spares the machine) and spins on.
   */
  pufferfresser(): number {
    const halde: Buffer[] = [];
    for (;;) {
      if (halde.length < 128) halde.push(Buffer.alloc(4 * 1024 * 1024, halde.length));
      const bis = Date.now() + 5;
      while (Date.now() < bis);
    }
  },
};

/** "noch 3 min 20 s": the time left at the rate so far. */
export function restzeit(sekunden: number): string {
  if (!Number.isFinite(sekunden) || sekunden < 0) return "";
  const s = Math.round(sekunden);
  if (s < 60) return `noch ${s} s`;
  if (s < 3600) return `noch ${Math.floor(s / 60)} min ${s % 60} s`;
  return `noch ${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * A one-line progress bar on stderr for long CLI work, with the time left (ETA) at the rate since
 * the first update; silent when stderr is not a terminal.
 */
export function progressBar(label: string): {
  update(done: number, total: number, note?: string): void;
  done(): void;
} {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let anfang: { zeit: number; done: number } | undefined;
  return {
    update(done, total, note) {
      if (!tty) return;
      const now = Date.now();
      anfang ??= { zeit: now, done };
      const rate = (done - anfang.done) / Math.max(1, now - anfang.zeit);
      const eta = rate > 0 && done < total ? ` ${restzeit((total - done) / rate / 1000)}` : "";
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(
        `\r${label} ${bar} ${Math.round(ratio * 100)} % (${done}/${total})${eta}${note ? ` ${note}` : ""}\x1b[K`,
      );
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

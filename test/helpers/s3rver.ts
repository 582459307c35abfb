import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The emulator's own program: it prints its port once it listens and stops when stdin closes. */
const PROGRAMM = `
import S3rver from "s3rver";
const s3 = new S3rver({
  port: 0,
  address: "127.0.0.1",
  directory: process.argv[1],
  silent: true,
  configureBuckets: [{ name: "aktenwerk", configs: [] }],
});
const { port } = await s3.run();
process.stdout.write(JSON.stringify({ port }) + "\\n");
process.stdin.resume();
process.stdin.on("end", () => s3.close().then(() => process.exit(0)));
`;

export interface S3rverProzess {
  port: number;
  close: () => Promise<void>;
}

/**
 * Starts s3rver in a child process of its own, so that the emulator's memory (it buffers what it
 * receives) does not count against the process whose streaming a test measures.
 */
export function startS3rver(directory: string): Promise<S3rverProzess> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", PROGRAMM, directory], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => reject(new Error(`s3rver beendet (${code}): ${stderr}`)));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const ende = stdout.indexOf("\n");
      if (ende < 0) return;
      const { port } = JSON.parse(stdout.slice(0, ende)) as { port: number };
      resolve({
        port,
        close: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}

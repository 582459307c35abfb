// hoodiecrow-imap (a scriptable IMAP server for tests) ships no type declarations.
declare module "hoodiecrow-imap" {
  interface Server {
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    server: { address(): unknown };
  }
  export default function hoodiecrow(options: {
    plugins?: string[];
    storage: Record<string, { messages: { raw: string; flags: string[] }[] }>;
  }): Server;
}

/**
 * An https server on 127.0.0.1 (free port, test certificate) that hands each request over with its
 * whole body, and whose close() also ends open and hanging connections so jest can exit.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { testTls } from "./test-tls";

export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startLoopbackHttps(
  handle: (req: IncomingMessage, res: ServerResponse, body: string, bytes: Buffer) => void,
): Promise<LoopbackServer> {
  const { key, cert } = testTls();
  const sockets = new Set<Socket>();
  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const bytes = Buffer.concat(chunks);
      handle(req, res, bytes.toString("utf8"), bytes);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

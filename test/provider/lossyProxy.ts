/**
 * A TCP pass-through in front of the emulator (TLS stays end to end: the provider still verifies the emulator's
 * certificate). When armed, it forwards the next request to the emulator but cuts the client's connection as soon
 * as the answer starts to come back: the write lands in Graph and the caller sees a connection reset, the case
 * that makes a retried PUT answer 409.
 */
import * as net from "net";
import { AddressInfo } from "net";

export interface LossyProxy {
  url: string;
  /** Drops the connection carrying the next response. */
  dropNextResponse(): void;
  stop(): Promise<void>;
}

export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const { hostname, port } = new URL(target);
  let armed = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      if (armed) {
        armed = false;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on("end", () => client.end());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    dropNextResponse: () => {
      armed = true;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

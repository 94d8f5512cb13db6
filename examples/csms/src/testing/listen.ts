import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A handler served on 127.0.0.1 at a free port, for tests. */
export interface Listening {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server. */
  readonly server: Server;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

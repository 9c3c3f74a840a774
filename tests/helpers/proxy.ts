// A TCP proxy for the several-instance tests: in front of the server instances it is the load
// balancer (round robin, no sticky sessions, skipping an instance that refuses); in front of
// PostgreSQL or Redis it is the network that can be cut (every connection dropped, new ones
// refused) and mended, as a restart of that service looks to the servers.

import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** The addresses connections go to, tried in turn from the next one each time. */
  targets: number[];
  /** Drops every open connection and refuses new ones until mend(). */
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (port 0) to the given ports on 127.0.0.1. */
export async function tcpProxy(targets: number[]): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let next = 0;
  let down = false;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    if (down) {
      client.destroy();
      return;
    }
    client.pause();
    const tryFrom = (attempt: number) => {
      if (attempt >= proxy.targets.length) {
        client.destroy();
        return;
      }
      const port = proxy.targets[(next + attempt) % proxy.targets.length]!;
      const upstream = net.connect(port, '127.0.0.1');
      let connected = false;
      upstream.once('error', () => {
        // Refused (an instance that is down): the next one; failed later: the client's connection ends.
        if (!connected) tryFrom(attempt + 1);
        else client.destroy();
      });
      upstream.once('connect', () => {
        connected = true;
        next = (next + attempt + 1) % proxy.targets.length;
        track(upstream);
        upstream.on('error', () => client.destroy());
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryFrom(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TcpProxy = {
    port: (server.address() as net.AddressInfo).port,
    targets: [...targets],
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    mend() {
      down = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

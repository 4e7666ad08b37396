import net from 'node:net';

/**
 * A TCP relay in front of a real service (Redis, PostgreSQL) that a test can cut and restore, like a
 * network partition: the shared service itself is never stopped.
 */
export async function relay(target: URL, defaultPort: number) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || defaultPort) });
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => [client, upstream].forEach((s) => (s.destroy(), open.delete(s)));
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      cut = true;
      open.forEach((s) => s.destroy());
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), open.forEach((s) => s.destroy()))),
  };
}

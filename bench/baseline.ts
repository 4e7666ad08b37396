import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The benchmark's yardstick: a bare Socket.IO server speaking the same events as TweetJam but
 * doing nothing else. It joins rooms and broadcasts what it is sent, with an id and a seq so the
 * clients can count deliveries the same way. No store, no validation, no auth.
 */
const httpServer = http.createServer((_req, res) => res.end('baseline'));
// Socket.IO's own connection state recovery, kept as long as TweetJam keeps it: the reconnect storm's yardstick.
const io = new Server(httpServer, { serveClient: false, connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 } });
let seq = 0;
let id = 0;

io.on('connection', (socket) => {
  socket.on('jam:join', ({ slug }: { slug: string }, ack: (reply: object) => void) => {
    void socket.join(`jam:${slug}`);
    ack({ ok: true, messages: [], lastSeq: seq });
  });
  socket.on('message:send', ({ slug, clientId, text }: { slug: string; clientId: string; text: string }, ack: (reply: object) => void) => {
    // The same shape and size as TweetJam's MessageView, so both send the same bytes to each viewer.
    const messageId = `b${String(++id).padStart(20, '0')}`;
    const message = {
      id: messageId,
      seq: ++seq,
      jamSlug: slug,
      clientId,
      author: { handle: 'bench0', displayName: 'Bench 0', role: 'participant' },
      text: `${text} #benchjam`,
      createdAt: new Date().toISOString(),
      question: 1,
      replyTo: null,
      source: 'native',
      externalUrl: null,
      featured: false,
      hidden: false,
      boosts: 0,
      permalink: `/jams/${slug}/m/${messageId}`,
    };
    ack({ ok: true, message, duplicate: false });
    io.to(`jam:${slug}`).emit('message:created', message);
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'baseline is serving', url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` }));
});

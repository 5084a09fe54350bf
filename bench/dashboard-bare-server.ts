/*
 * The dashboard bench's baseline server, in a process of its own (forked by dashboard.bench.ts): a bare socket.io
 * server (no Nest, no Redis, websocket transport) whose clients join one room of `/supervisors`, broadcasting a
 * given payload at a given rate with the emit time in it. Commands and results go over the IPC channel.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { wallMs } from './dashboard-setup';

export type BareCommand =
  | { type: 'listen'; port: number }
  | { type: 'broadcast'; payload: Record<string, unknown>; perSecond: number; durationMs: number }
  | { type: 'close' };

export type BareReply = { type: 'listening' } | { type: 'done'; emitted: number; connected: number };

const send = (reply: BareReply) => process.send?.(reply);
const http = createServer();
const server = new Server(http, { transports: ['websocket'], serveClient: false });
const namespace = server.of('/supervisors');
namespace.on('connection', (socket) => void socket.join('supervisors:bench'));

process.on('message', (command: BareCommand) => {
  switch (command.type) {
    case 'listen':
      http.listen(command.port, '127.0.0.1', () => send({ type: 'listening' }));
      return;
    case 'broadcast': {
      let emitted = 0;
      let seq = 1;
      const timer = setInterval(() => {
        seq += 1;
        namespace.local.to('supervisors:bench').emit('metrics.changed', { ...command.payload, seq, sentAt: wallMs() });
        emitted += 1;
      }, 1000 / command.perSecond);
      setTimeout(() => {
        clearInterval(timer);
        send({ type: 'done', emitted, connected: namespace.sockets.size });
      }, command.durationMs);
      return;
    }
    case 'close':
      void server.close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
      return;
  }
});
process.on('disconnect', () => process.exit(0));

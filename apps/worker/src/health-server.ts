import { createServer, type Server } from 'node:http';

/** The worker has no HTTP API; this answers GET /health (alive) for the orchestrator, and nothing else. */
export function startHealthServer(port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    const ok = request.method === 'GET' && request.url === '/health';
    response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(ok ? { status: 'ok' } : { statusCode: 404, message: 'Not found' }));
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

interface Tracked {
  /** Requests received on the connection and not answered yet. */
  active: number;
  /** When the last response ended (or the connection opened). */
  idleSince: number;
  /** `socket.bytesRead` then: more means a next request is arriving. */
  bytesAtIdle: number;
}

/**
 * The HTTP server's connections, for a shutdown that answers every request it received.
 * Node's own `closeIdleConnections()` (which `server.close()` calls) closes a keep-alive
 * connection the moment it has no request being parsed, even when the client's next request
 * is already on the wire: the client then sees its request reset (a probe counted 17 under 16
 * keep-alive connections). Here a connection is ended only once it has been idle for a grace
 * period, long enough for any request already sent to have arrived; a busy connection closes
 * itself after its response, which carries `Connection: close` while shutting down.
 */
export class ConnectionDrain {
  private readonly sockets = new Map<Socket, Tracked>();

  constructor(
    private readonly server: Server,
    private readonly now: () => number = Date.now,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.set(socket, { active: 0, idleSince: this.now(), bytesAtIdle: 0 });
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const tracked = this.sockets.get(req.socket);
      if (tracked === undefined) return;
      tracked.active++;
      res.once('close', () => {
        tracked.active--;
        tracked.idleSince = this.now();
        tracked.bytesAtIdle = req.socket.bytesRead;
      });
    });
  }

  /** Open connections. */
  get open(): number {
    return this.sockets.size;
  }

  /**
   * Stops accepting connections without touching the open ones (the `net.Server` close:
   * `http.Server#close` would also close the idle ones at once, see above).
   */
  stopAccepting(): void {
    if (this.server.listening) NetServer.prototype.close.call(this.server);
  }

  private idle(socket: Socket, t: Tracked, graceMs: number): boolean {
    return (
      t.active === 0 && this.now() - t.idleSince >= graceMs && socket.bytesRead === t.bytesAtIdle
    );
  }

  /**
   * Ends (FIN, not reset) every connection that has had no request, and received no byte, for
   * at least `graceMs`. Checked again after the event loop's next I/O phase: timers run before
   * it, so a request that arrived while the loop was busy has been read by then.
   */
  endIdle(graceMs: number): void {
    const candidates = [...this.sockets].filter(([socket, t]) => this.idle(socket, t, graceMs));
    if (candidates.length === 0) return;
    setImmediate(() => {
      for (const [socket, t] of candidates) if (this.idle(socket, t, graceMs)) socket.end();
    });
  }
}

import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { ConnectionDrain } from './connection-drain';

/**
 * Whether the app is closing. While it is, readiness answers 503 (balancers stop sending) and
 * every response asks the client to close its connection. Set by `closeGracefully` before the
 * listener stops, and by Nest when the app is closed any other way. `connections` tracks the
 * HTTP server's connections for the drain (set by `createApp`).
 */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  closing = false;
  connections: ConnectionDrain | null = null;

  beforeApplicationShutdown(): void {
    this.closing = true;
  }
}

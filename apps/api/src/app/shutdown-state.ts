import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Whether the app is closing. While it is, readiness answers 503 (balancers stop sending) and
 * every response asks the client to close its connection. Set by `closeGracefully` before the
 * listener stops, and by Nest when the app is closed any other way.
 */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  closing = false;

  beforeApplicationShutdown(): void {
    this.closing = true;
  }
}

import { randomUUID } from 'node:crypto';
import type { OnApplicationShutdown } from '@nestjs/common';
import { OpenFeature, type Client, type Provider } from '@openfeature/server-sdk';

/**
 * The OpenFeature domain of one app: its flag provider, bound to a domain name of its own
 * (several apps may share a process, each with its own flags), and the client of that domain.
 * When the app shuts down the provider is closed (`onClose`: the JSON file provider stops
 * watching and polling its file).
 */
export class OpenFeatureDomain implements OnApplicationShutdown {
  readonly name = `cited-api-${randomUUID()}`;
  readonly client: Client;

  constructor(readonly provider: Provider) {
    OpenFeature.setProvider(this.name, provider);
    this.client = OpenFeature.getClient(this.name);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider.onClose?.();
  }
}

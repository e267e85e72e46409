import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '../../config/app.config';
import { API_SCOPES, ApiKeyRecord, findApiKey, hashApiKey } from './api-key';

/** The API keys the process accepts: configured hashes plus the local development key, if any. */
@Injectable()
export class ApiKeyRegistry {
  private records: ApiKeyRecord[];

  constructor(@Inject(appConfig.KEY) config: ConfigType<typeof appConfig>) {
    this.records = [...config.apiKeys];
    if (config.devApiKey) this.addDevelopmentKey(config.devApiKey);
  }

  /** Accepts `key` with every scope (local development only; AWS mode refuses DEV_API_KEY at boot). */
  addDevelopmentKey(key: string): void {
    this.records.push({ name: 'development', sha256: hashApiKey(key), scopes: [...API_SCOPES] });
  }

  get size(): number {
    return this.records.length;
  }

  find(presented: string): ApiKeyRecord | undefined {
    return findApiKey(this.records, presented);
  }
}

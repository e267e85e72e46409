import type { Page } from '../common/http/pagination';
import type { RfmKMeansModel } from './kmeans/rfm-kmeans';

/** A stored K-Means model version. */
export interface StoredKMeansModel {
  readonly version: number;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** Reference date of the training features (recency is relative to it). */
  readonly asOf: string;
  readonly model: RfmKMeansModel;
}

/** Port: K-Means model versions and the active-version pointer. */
export abstract class KMeansModelsRepository {
  abstract nextVersion(): Promise<number>;

  abstract put(model: StoredKMeansModel): Promise<void>;

  abstract get(version: number): Promise<StoredKMeansModel | undefined>;

  /** Newest first. */
  abstract list(limit: number, cursor?: string): Promise<Page<StoredKMeansModel>>;

  abstract activeVersion(): Promise<number | undefined>;

  abstract activate(version: number): Promise<void>;
}

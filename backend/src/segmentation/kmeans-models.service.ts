import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Page } from '../common/http/pagination';
import { CustomerPopulationScanner } from './customer-population.scanner';
import { defaultSnapshotMs, type CustomerFeatures } from './domain/customer-features';
import { clusterOf, type ClusterAssignment } from './domain/population-segmentation';
import { KMeansModelNotFoundError, NoActiveKMeansModelError, NotEnoughCustomersError } from './domain/segmentation.errors';
import { fitRfmKMeans, predictRfmCluster, type RfmClusterPrediction } from './kmeans/rfm-kmeans';
import { KMeansModelsRepository, StoredKMeansModel } from './kmeans-models.repository';

/** Training parameters (spec §C). */
export interface TrainOptions {
  readonly k: number;
  readonly nInit: number;
  readonly seed: number;
  /** Make the new version the active one (default true). */
  readonly activate?: boolean;
}

/** The model the batch trains when none exists: k = 5, nInit = 10, seed = 42. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { k: 5, nInit: 10, seed: 42, activate: true };

/** K-Means model versions: training on stored customers, listing, prediction. */
@Injectable()
export class KMeansModelsService {
  constructor(
    private readonly models: KMeansModelsRepository,
    private readonly scanner: CustomerPopulationScanner,
    private readonly clock: Clock,
  ) {}

  /**
   * Fits a model on the RFM features of every stored customer with purchases as of `asOfMs`
   * (default: the latest purchase + 1 day, at most now), stores it as a new version and, unless
   * `activate` is false, activates it.
   *
   * @throws NotEnoughCustomersError (422) with fewer buyers than k.
   */
  async train(options: TrainOptions, asOfMs?: number): Promise<{ stored: StoredKMeansModel; active: boolean }> {
    const nowMs = this.clock.now().getTime();
    const scan = await this.scanner.scan({ resolveAsOf: (latest) => asOfMs ?? defaultSnapshotMs(latest, nowMs) });
    const stored = await this.fitAndStore(scan.features, scan.asOfMs, options);
    return { stored, active: options.activate !== false };
  }

  /**
   * Fits on the given features, stores the version and activates it unless `activate` is false.
   *
   * @throws NotEnoughCustomersError when fewer customers have purchases than k.
   */
  async fitAndStore(features: readonly CustomerFeatures[], asOfMs: number, options: TrainOptions): Promise<StoredKMeansModel> {
    const rows = features.flatMap((f) => (f.rfm ? [f.rfm] : []));
    if (rows.length < options.k) throw new NotEnoughCustomersError(rows.length, options.k);
    const now = this.clock.now();
    const { model } = fitRfmKMeans(rows, { k: options.k, nInit: options.nInit, seed: options.seed, createdAtMs: now.getTime() });
    const stored: StoredKMeansModel = {
      version: await this.models.nextVersion(),
      createdAt: now.toISOString(),
      asOf: new Date(asOfMs).toISOString(),
      model,
    };
    await this.models.put(stored);
    if (options.activate !== false) await this.models.activate(stored.version);
    return stored;
  }

  /** A page of versions (newest first) and the active version. */
  async list(limit: number, cursor?: string): Promise<Page<StoredKMeansModel> & { activeVersion: number | null }> {
    const [page, active] = await Promise.all([this.models.list(limit, cursor), this.models.activeVersion()]);
    return { ...page, activeVersion: active ?? null };
  }

  /** The active model, if any. */
  async active(): Promise<StoredKMeansModel | undefined> {
    const version = await this.models.activeVersion();
    return version === undefined ? undefined : this.models.get(version);
  }

  /**
   * The given version, else the active one.
   *
   * @throws KMeansModelNotFoundError (404) for an unknown version; NoActiveKMeansModelError (422) when none is active.
   */
  async resolve(version?: number): Promise<StoredKMeansModel> {
    if (version !== undefined) {
      const stored = await this.models.get(version);
      if (!stored) throw new KMeansModelNotFoundError(version);
      return stored;
    }
    const active = await this.active();
    if (!active) throw new NoActiveKMeansModelError();
    return active;
  }

  /** Cluster of raw RFM values under a stored model (see `predictRfmCluster`). */
  predict(stored: StoredKMeansModel, point: { recencyDays: number; frequency: number; monetary: number }): RfmClusterPrediction {
    return predictRfmCluster(stored.model, point);
  }

  /** Cluster assignment (with the version) of RFM values. */
  assign(stored: StoredKMeansModel, point: { recencyDays: number; frequency: number; monetary: number }): ClusterAssignment {
    return clusterOf({ version: stored.version, model: stored.model }, point);
  }
}

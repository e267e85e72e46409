import { parentPort, workerData } from 'node:worker_threads';
import { runKMeansSeeds } from './kmeans';
import type { KMeansWorkerRequest } from './kmeans-parallel';

// Entry point of a k-means worker thread: runs its share of the runs and posts the results back.
const { data, plan, runSeeds } = workerData as KMeansWorkerRequest;
const results = runKMeansSeeds(data, plan, runSeeds);
parentPort?.postMessage(
  results,
  results.flatMap((r) => [r.labels.buffer as ArrayBuffer, r.centroids.buffer as ArrayBuffer]),
);

import { customerPk } from '../../customers/infrastructure/customer-keys';
import type { SegmentScheme } from '../domain/segment-schemes';

/**
 * Key layout of the segmentation items in the customers table (docs/data-model.md). A customer's
 * memberships and history live in its partition (deleted with it); runs, jobs and K-Means models
 * have partitions of their own.
 */
export { customerPk };
export const CUSTOMER_PK_PREFIX = 'CUSTOMER#';
/** Every segmentation item of a customer's partition (memberships and history). */
export const SEGMENT_SK_PREFIX = 'SEGMENT#';
export const MEMBERSHIP_SK_PREFIX = 'SEGMENT#CURRENT#';
export const HISTORY_SK_PREFIX = 'SEGMENT#HIST#';
export const membershipSk = (scheme: SegmentScheme) => `${MEMBERSHIP_SK_PREFIX}${scheme}`;
/** `SEGMENT#HIST#<sequence, 10 digits>#<source>`: sorts by the segmentation sequence. */
export const historySk = (sequence: number, source: string) => `${HISTORY_SK_PREFIX}${String(sequence).padStart(10, '0')}#${source}`;
/** GSI `bySegment` partition of a scheme's segment. */
export const segmentIndexPk = (scheme: string, segment: string) => `SEGMENT#${scheme}#${segment}`;

export const SEGMENTATION_PK = 'SEGRUN';
export const SEQUENCE_SK = 'SEQUENCE';
export const LATEST_RUN_SK = 'LATEST';
export const runPk = (runId: string) => `SEGRUN#${runId}`;
export const RUN_SK = 'RUN';
export const CHUNK_SK_PREFIX = 'CHUNK#';
export const chunkSk = (index: number) => `${CHUNK_SK_PREFIX}${String(index).padStart(6, '0')}`;
export const jobPk = (jobId: string) => `SEGJOB#${jobId}`;
export const JOB_SK = 'JOB';

export const KMEANS_PK = 'KMEANS';
export const KMEANS_ACTIVE_SK = 'ACTIVE';
export const KMEANS_MODEL_SK_PREFIX = 'MODEL#';
export const kmeansModelSk = (version: number) => `${KMEANS_MODEL_SK_PREFIX}${String(version).padStart(8, '0')}`;

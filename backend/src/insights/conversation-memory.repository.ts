import type { InsightIntent } from './domain/intent-detection';
import type { InsightScheme } from './domain/segment-vocabulary';

/** One answered question of a session, as remembered. */
export interface ConversationTurn {
  /** Position in the session, 1 for the first turn; orders the turns. */
  readonly sequence: number;
  /** ISO-8601 UTC of the answer. */
  readonly at: string;
  readonly question: string;
  /** The answer's data and insight parts, for the model's history. */
  readonly answer: string;
  readonly intent: InsightIntent;
  readonly scheme: InsightScheme;
  readonly segments: readonly string[];
  /** The turn's ranked segment list, best first (what `the second one` refers to). */
  readonly rankedSegments: readonly string[];
  readonly rankingBy: string | null;
}

/**
 * Who owns a session: the API key's configured name (never the key or its hash) and the client's
 * session id. The same session id under another key is another session.
 */
export interface SessionKey {
  readonly keyName: string;
  readonly sessionId: string;
}

/** Port: conversation memory per session, with a TTL. */
export abstract class ConversationMemoryRepository {
  /** The newest `limit` turns that have not expired at `nowEpochSeconds`, oldest first. */
  abstract recent(session: SessionKey, limit: number, nowEpochSeconds: number): Promise<ConversationTurn[]>;

  /**
   * Appends a turn that expires at `expiresAt` (epoch seconds), replacing an expired turn of the same
   * sequence. When a concurrent request took the turn's sequence, the next free one is used.
   * @returns the sequence stored.
   */
  abstract append(session: SessionKey, turn: ConversationTurn, expiresAt: number, nowEpochSeconds: number): Promise<number>;
}

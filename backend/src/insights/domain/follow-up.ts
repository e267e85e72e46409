import type { DetectedIntent, InsightIntent } from './intent-detection';
import type { InsightScheme } from './segment-vocabulary';

/** What memory keeps of one answered turn to resolve the next question (no figures, no customer data). */
export interface TurnReference {
  readonly intent: InsightIntent;
  readonly scheme: InsightScheme;
  /** Segments the turn was about; for a comparison `[a, b]`, `a` being its focus. */
  readonly segments: readonly string[];
  /** The turn's ranked segment list, best first (what `the second one` indexes). */
  readonly rankedSegments: readonly string[];
}

/** A question after follow-up resolution. */
export interface ResolvedQuestion extends DetectedIntent {
  /** How a follow-up was resolved; null when the question named its own segments (or had no reference). */
  readonly resolution: { readonly reference: string; readonly segment: string } | null;
}

const KEEP_OWN_INTENT: ReadonlySet<InsightIntent> = new Set(['comparison', 'churn', 'business_metrics', 'customer_behaviour', 'marketing_strategy']);

/**
 * Resolves `the second one`, `the last one`, `the other one` and `it`/`that one` against the previous
 * turn (pure). Ordinals index the previous turn's ranked list (1-based, `last` = its end); `the other
 * one` is the first segment of the previous turn's comparison pair or ranked list that is not its
 * focus (`segments[0]`), so after `a vs b` it is `b`, and asked again it flips back; `it` reuses the
 * previous segments. The follow-up keeps its own intent when it has a specific one (`what about churn
 * for the second one?`), else it inherits the previous turn's (a comparison's follow-up becomes a
 * segment analysis). The previous ranked list is carried over so that `and the third one?` works next.
 *
 * @returns the detection unchanged (with `resolution: null`) when nothing can be resolved.
 */
export function resolveFollowUp(detected: DetectedIntent, previous: TurnReference | undefined): ResolvedQuestion {
  const unresolved: ResolvedQuestion = { ...detected, resolution: null };
  if (!detected.followUp || !previous) return unresolved;
  const ranked = previous.rankedSegments.length > 0 ? previous.rankedSegments : previous.segments;
  let segment: string | undefined;
  let segments: readonly string[];
  let reference: string;
  switch (detected.followUp.kind) {
    case 'ordinal': {
      const { position } = detected.followUp;
      segment = position === -1 ? ranked[ranked.length - 1] : ranked[position - 1];
      reference = position === -1 ? 'last' : `#${position}`;
      segments = segment ? [segment] : [];
      break;
    }
    case 'other': {
      const focus = previous.segments[0];
      const pool = previous.intent === 'comparison' ? previous.segments : ranked;
      segment = pool.find((s) => s !== focus);
      reference = 'other';
      segments = segment ? [segment, ...(focus ? [focus] : [])] : [];
      break;
    }
    case 'same':
      segment = previous.segments[0];
      reference = 'same';
      segments = previous.segments;
      break;
  }
  if (segment === undefined) return unresolved;
  const ownIntent = KEEP_OWN_INTENT.has(detected.intent) ? detected.intent : undefined;
  const inherited = previous.intent === 'comparison' ? 'segment_analysis' : previous.intent;
  const intent = ownIntent ?? (inherited === 'general' ? 'segment_analysis' : inherited);
  return {
    ...detected,
    intent,
    scheme: previous.scheme,
    segments: intent === 'comparison' ? segments : [segment],
    resolution: { reference, segment },
  };
}

/** The kind of action a segment calls for. */
export type StrategyKind = 'retention' | 'upsell' | 'win-back' | 'reactivation' | 'nurture' | 'onboarding' | 'vip-care';
export const STRATEGY_KINDS: readonly StrategyKind[] = ['retention', 'upsell', 'win-back', 'reactivation', 'nurture', 'onboarding', 'vip-care'];

/** What to do with the customers of one segment. */
export interface SegmentStrategy {
  readonly strategy: StrategyKind;
  /** Preferred channel, e.g. `email`, `sms`, `push`, `phone`, `direct-mail`. */
  readonly channel: string;
  /** Contact cadence, e.g. `weekly`. */
  readonly cadence: string;
  readonly offer: string;
  readonly actions: readonly string[];
}

/**
 * Default strategy per segment id (RFM, lifecycle and churn × value segments share one table: the
 * same id means the same situation). Overridable per segment with the env JSON `SEGMENT_STRATEGIES`.
 */
export const DEFAULT_SEGMENT_STRATEGIES: Readonly<Record<string, SegmentStrategy>> = {
  champions: { strategy: 'vip-care', channel: 'email', cadence: 'bi-weekly', offer: 'early access to new products', actions: ['invite to loyalty programme', 'ask for reviews and referrals', 'no discounts needed'] },
  loyal_customers: { strategy: 'upsell', channel: 'email', cadence: 'bi-weekly', offer: 'bundle or higher tier recommendation', actions: ['recommend complementary products', 'loyalty points boost'] },
  loyal: { strategy: 'upsell', channel: 'email', cadence: 'bi-weekly', offer: 'bundle or higher tier recommendation', actions: ['recommend complementary products', 'loyalty points boost'] },
  potential_loyalists: { strategy: 'nurture', channel: 'email', cadence: 'weekly', offer: 'membership or loyalty sign-up bonus', actions: ['personalised recommendations', 'second-purchase incentive'] },
  new_customers: { strategy: 'onboarding', channel: 'email', cadence: 'weekly for 4 weeks', offer: 'welcome discount on the second order', actions: ['welcome series', 'product education'] },
  new: { strategy: 'onboarding', channel: 'email', cadence: 'weekly for 4 weeks', offer: 'welcome discount on the second order', actions: ['welcome series', 'product education'] },
  promising: { strategy: 'nurture', channel: 'push', cadence: 'weekly', offer: 'free shipping on the next order', actions: ['build brand awareness', 'trial-size offers'] },
  need_attention: { strategy: 'retention', channel: 'email', cadence: 'weekly', offer: 'limited-time offer based on past purchases', actions: ['recommend based on history', 'survey satisfaction'] },
  needs_attention: { strategy: 'retention', channel: 'email', cadence: 'weekly', offer: 'limited-time offer based on past purchases', actions: ['recommend based on history', 'survey satisfaction'] },
  about_to_sleep: { strategy: 'reactivation', channel: 'sms', cadence: 'every 2 weeks', offer: 'discount on popular products', actions: ['share best sellers', 'reconnect with a reminder'] },
  at_risk: { strategy: 'win-back', channel: 'email', cadence: 'weekly', offer: 'personal discount 15 %', actions: ['personalised win-back message', 'highlight new arrivals'] },
  cant_lose: { strategy: 'win-back', channel: 'phone', cadence: 'once, then monthly', offer: 'exclusive VIP offer', actions: ['personal outreach', 'ask what went wrong', 'priority service'] },
  hibernating: { strategy: 'reactivation', channel: 'email', cadence: 'monthly', offer: 'special discount on relevant products', actions: ['recreate brand value', 'low-cost reminder'] },
  lost: { strategy: 'win-back', channel: 'email', cadence: 'once per quarter', offer: 'strong comeback discount', actions: ['last-chance campaign', 'otherwise suppress to save cost'] },
  no_purchases: { strategy: 'onboarding', channel: 'email', cadence: 'weekly for 3 weeks', offer: 'first-purchase incentive', actions: ['welcome series featuring regional trends'] },
  'Sadık VIP': { strategy: 'vip-care', channel: 'email', cadence: 'bi-weekly', offer: 'VIP early access', actions: ['thank-you gift', 'exclusive previews'] },
  'Soğuyan VIP': { strategy: 'retention', channel: 'sms', cadence: 'weekly', offer: 'VIP reminder with a personal offer', actions: ['re-engage before churn', 'recommend favourites'] },
  'Kaybedilen VIP': { strategy: 'win-back', channel: 'phone', cadence: 'once, then monthly', offer: 'exclusive comeback offer', actions: ['personal outreach', 'ask for feedback'] },
  Düzenli: { strategy: 'upsell', channel: 'email', cadence: 'bi-weekly', offer: 'basket-building bundle', actions: ['cross-sell affinity category'] },
  Uzaklaşan: { strategy: 'reactivation', channel: 'push', cadence: 'weekly', offer: 'time-limited discount', actions: ['remind of missing regulars'] },
  'Kayıp Alıcı': { strategy: 'win-back', channel: 'email', cadence: 'monthly', offer: 'comeback discount', actions: ['last-chance campaign'] },
};

/** Strategy of a segment id with no entry (cluster segments use their business name first). */
export const FALLBACK_STRATEGY: SegmentStrategy = {
  strategy: 'nurture',
  channel: 'email',
  cadence: 'monthly',
  offer: 'personalised recommendations',
  actions: ['monitor behaviour until the next segmentation run'],
};

/**
 * Parses `SEGMENT_STRATEGIES`: a JSON object `{ "<segment id>": { strategy?, channel?, cadence?,
 * offer?, actions? } }` merged over the defaults (a new id needs all of strategy, channel, cadence
 * and offer).
 *
 * @returns the merged table, or the problems found (`SEGMENT_STRATEGIES: ...`).
 */
export function parseSegmentStrategies(json: string | undefined): { strategies: Record<string, SegmentStrategy>; problems: string[] } {
  const strategies: Record<string, SegmentStrategy> = { ...DEFAULT_SEGMENT_STRATEGIES };
  if (json === undefined || json.trim() === '') return { strategies, problems: [] };
  const problems: string[] = [];
  const bad = (msg: string) => problems.push(`SEGMENT_STRATEGIES: ${msg}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    bad('must be valid JSON');
    return { strategies, problems };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    bad('must be a JSON object keyed by segment id');
    return { strategies, problems };
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > 200) bad('at most 200 segments');
  for (const [segment, raw] of entries.slice(0, 200)) {
    if (segment.length === 0 || segment.length > 64) bad(`segment id "${segment.slice(0, 64)}" must be 1..64 characters`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      bad(`${segment}: must be an object`);
      continue;
    }
    const r = raw as Record<string, unknown>;
    const base = strategies[segment] as SegmentStrategy | undefined;
    for (const key of Object.keys(r)) {
      if (!['strategy', 'channel', 'cadence', 'offer', 'actions'].includes(key)) bad(`${segment}.${key}: unknown field`);
    }
    if (r.strategy !== undefined && !STRATEGY_KINDS.includes(r.strategy as StrategyKind)) bad(`${segment}.strategy: must be one of ${STRATEGY_KINDS.join(', ')}`);
    for (const key of ['channel', 'cadence', 'offer'] as const) {
      const v = r[key];
      if (v !== undefined && (typeof v !== 'string' || v.length === 0 || v.length > 200)) bad(`${segment}.${key}: must be a string of 1..200 characters`);
    }
    const actions = r.actions;
    if (actions !== undefined && (!Array.isArray(actions) || actions.length > 20 || !actions.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 200))) {
      bad(`${segment}.actions: must be an array of at most 20 strings of 1..200 characters`);
    }
    if (!base) {
      for (const key of ['strategy', 'channel', 'cadence', 'offer'] as const) if (r[key] === undefined) bad(`${segment}.${key}: required for a segment without a default`);
    }
    strategies[segment] = { ...(base ?? FALLBACK_STRATEGY), ...(r as Partial<SegmentStrategy>) };
  }
  return { strategies, problems };
}

import { ConfigType } from '@nestjs/config';
import type { ModelRouter } from '../model-routing/model-router.port';
import { FixedClock } from '../common/clock';
import { DisabledLlmClient } from '../llm/disabled-llm.client';
import { DEFAULT_MODEL_CATALOG, ModelCatalog } from '../llm/model-catalog';
import { ConversationMemoryRepository, ConversationTurn, SessionKey } from './conversation-memory.repository';
import { insightsConfig } from './insights.config';
import { InsightsService } from './insights.service';
import { SegmentAnalyticsService } from './segment-analytics.service';
import { FakeSegmentData } from './segment-data.source.fake';

class InMemoryConversationMemory extends ConversationMemoryRepository {
  readonly turns = new Map<string, ConversationTurn[]>();
  async recent(session: SessionKey, limit: number): Promise<ConversationTurn[]> {
    return (this.turns.get(`${session.keyName}#${session.sessionId}`) ?? []).slice(-limit);
  }
  async append(session: SessionKey, turn: ConversationTurn): Promise<number> {
    const id = `${session.keyName}#${session.sessionId}`;
    this.turns.set(id, [...(this.turns.get(id) ?? []), turn]);
    return this.turns.get(id)?.length ?? 0;
  }
}

const config = {
  defaultScheme: 'rfm',
  contextTokenBudget: 4000,
  historyTokenBudget: 1000,
  memoryTurns: 6,
  sessionTtlSeconds: 86_400,
  clvLifetimeYears: 3,
  topCustomers: 5,
  maxOutputTokens: 800,
  reportCacheSize: 4,
} as ConfigType<typeof insightsConfig>;

/** Without a configured LLM the router must not be consulted. */
const unusedRouter = {
  route: () => Promise.reject(new Error('router must not be called without an LLM')),
  recordOutcome: () => Promise.reject(new Error('router must not be called without an LLM')),
} as unknown as ModelRouter;

describe('InsightsService without an LLM', () => {
  let data: FakeSegmentData;
  let memory: InMemoryConversationMemory;
  let service: InsightsService;

  beforeEach(() => {
    data = new FakeSegmentData();
    memory = new InMemoryConversationMemory();
    const clock = new FixedClock(new Date('2011-12-11T00:00:00Z'));
    service = new InsightsService(new SegmentAnalyticsService(data, config), memory, new DisabledLlmClient(), new ModelCatalog(DEFAULT_MODEL_CATALOG), unusedRouter, clock, config);
  });

  it('answers from the fake segment data with the template, grounded, at no cost, and remembers the turn', async () => {
    const result = await service.ask('Which segment brings the most revenue?', 'k1', 's1');
    expect(result).toMatchObject({ sessionId: 's1', scheme: 'rfm', runId: 'r1', asOf: '2011-12-10T00:00:00.000Z', fallbackReason: 'llm_not_configured', grounded: true, costUsd: 0, experiment: null });
    expect(result.source).toEqual({ type: 'template', modelId: null });
    expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0 });
    expect(`${result.answer.data} ${result.answer.insight}`).toContain('Champions');
    expect(memory.turns.get('k1#s1')).toEqual([expect.objectContaining({ sequence: 1, question: 'Which segment brings the most revenue?', scheme: 'rfm', at: '2011-12-11T00:00:00.000Z' })]);
    await service.ask('And the second?', 'k1', 's1');
    expect(memory.turns.get('k1#s1')?.map((t) => t.sequence)).toEqual([1, 2]);
  });

  it('says INSIGHTS.NO_SEGMENTATION_RUN before any run and remembers nothing', async () => {
    data.run = undefined;
    await expect(service.ask('How many champions?', 'k1', 's1')).rejects.toMatchObject({ code: 'INSIGHTS.NO_SEGMENTATION_RUN' });
    expect(memory.turns.size).toBe(0);
  });
});

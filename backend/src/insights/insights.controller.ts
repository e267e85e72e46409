import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import { RequireScope } from '../common/auth/scopes.decorator';
import { roundTo } from '../common/domain/money';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { parseIsoUtc } from '../common/domain/time';
import { detectIntent } from './domain/intent-detection';
import type { InsightScheme } from './domain/segment-vocabulary';
import { segmentsOf } from './domain/segment-vocabulary';
import { AskInsightDto, CompareSegmentsQueryDto, InsightAnswerResponseDto, SegmentAnalyticsResponseDto, SegmentComparisonResponseDto, SegmentsQueryDto } from './dto/insights.dto';
import { InsightsService } from './insights.service';
import { SegmentAnalyticsService } from './segment-analytics.service';

/** Rounds every non-integer number of a response to 2 decimals (money and shares at the edge). */
function rounded<T>(value: T): T {
  if (typeof value === 'number') return (Number.isInteger(value) ? value : roundTo(value, 2)) as T;
  if (Array.isArray(value)) return value.map(rounded) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)])) as T;
  return value;
}

/** A segment given by id or name (`at risk`) as the id of `scheme`; unknown names are kept as given. */
function segmentId(scheme: InsightScheme, text: string): string {
  if (segmentsOf(scheme).includes(text)) return text;
  return detectIntent(text, scheme).segments[0] ?? text;
}

@ApiTags('insights')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 400, [409, 'INSIGHTS.NO_SEGMENTATION_RUN'], 503)
@Controller({ path: 'insights', version: '1' })
export class InsightsController {
  constructor(
    private readonly insights: InsightsService,
    private readonly analytics: SegmentAnalyticsService,
  ) {}

  @Post('ask')
  @HttpCode(200)
  @RequireScope('read')
  @ApiOperation({ summary: 'Answer a question in natural language over the latest segmentation run' })
  @ApiOkResponse({ type: InsightAnswerResponseDto })
  async ask(@Body() body: AskInsightDto, @Req() req: AuthenticatedRequest): Promise<InsightAnswerResponseDto> {
    const result = await this.insights.ask(body.question, req.apiKey?.name ?? 'anonymous', body.sessionId);
    return { ...result, costUsd: result.costUsd } as unknown as InsightAnswerResponseDto;
  }

  @Get('segments')
  @RequireScope('read')
  @ApiOperation({ summary: 'Figures per segment of a scheme in the latest segmentation run' })
  @ApiOkResponse({ type: SegmentAnalyticsResponseDto })
  async segments(@Query() query: SegmentsQueryDto): Promise<SegmentAnalyticsResponseDto> {
    const scheme = query.scheme ?? 'rfm';
    const { run, report } = await this.analytics.report(scheme, query.asOf ? parseIsoUtc(query.asOf) : undefined);
    const { asOfMs: _asOfMs, ...figures } = report;
    return rounded({ runId: run.runId, scheme, asOf: new Date(report.asOfMs).toISOString(), ...figures }) as unknown as SegmentAnalyticsResponseDto;
  }

  @Get('segments/compare')
  @RequireScope('read')
  @ApiOperation({ summary: 'Two segments side by side (by id or name), metric by metric' })
  @ApiOkResponse({ type: SegmentComparisonResponseDto })
  @ApiErrors([404, 'INSIGHTS.SEGMENT_NOT_FOUND'])
  async compare(@Query() query: CompareSegmentsQueryDto): Promise<SegmentComparisonResponseDto> {
    const scheme = query.scheme ?? 'rfm';
    const result = await this.analytics.compare(scheme, segmentId(scheme, query.a), segmentId(scheme, query.b), query.asOf ? parseIsoUtc(query.asOf) : undefined);
    return rounded({
      runId: result.run.runId,
      scheme,
      asOf: new Date(result.report.asOfMs).toISOString(),
      a: result.a,
      b: result.b,
      metrics: result.metrics,
    }) as unknown as SegmentComparisonResponseDto;
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AnalysisService } from './analysis.service';
import { CostsQueryDto } from './dto/analysis-queries.dto';
import { CostReportDto } from './dto/analysis.response.dto';

@ApiTags('ai-analysis')
@ApiSecurity('api-key')
@Controller({ path: 'analysis', version: '1' })
export class AnalysisCostsController {
  constructor(private readonly analysis: AnalysisService) {}

  @Get('costs')
  @RequireScope('read')
  @ApiOperation({ summary: 'Tokens and cost of model calls by model, analysis type and UTC day over [from, to] (at most 92 days)' })
  @ApiOkResponse({ type: CostReportDto, description: 'tokens and cost by model, analysis type and UTC day (at most 92 days)' })
  @ApiErrors(400, 401, 403, 503)
  async costs(@Query() q: CostsQueryDto): Promise<CostReportDto> {
    return CostReportDto.from(await this.analysis.costs(q.from, q.to));
  }
}

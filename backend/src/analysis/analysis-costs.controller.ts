import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { AnalysisService } from './analysis.service';
import { CostsQueryDto } from './dto/analysis-queries.dto';
import { CostReportDto } from './dto/analysis.response.dto';

@ApiTags('ai-analysis')
@ApiSecurity('api-key')
@Controller('v1/analysis')
export class AnalysisCostsController {
  constructor(private readonly analysis: AnalysisService) {}

  @Get('costs')
  @RequireScope('read')
  @ApiOkResponse({ type: CostReportDto, description: 'tokens and cost by model, analysis type and UTC day (at most 92 days)' })
  async costs(@Query() q: CostsQueryDto): Promise<CostReportDto> {
    return CostReportDto.from(await this.analysis.costs(q.from, q.to));
  }
}

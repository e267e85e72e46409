import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../common/auth/scopes.decorator';
import { DEFAULT_PAGE_SIZE } from '../common/http/pagination';
import { CustomerIdParam } from '../customers/dto/customer-id.param';
import { CreateOrderDto, ImportOrdersDto } from './dto/create-order.dto';
import { ImportOrdersResponseDto, OrderPageDto, OrderResponseDto, PurchaseSummaryResponseDto } from './dto/order.response.dto';
import { ListPurchasesQueryDto, PurchaseSummaryQueryDto } from './dto/purchase-queries.dto';
import { PurchasesService } from './purchases.service';

@ApiTags('purchases')
@ApiSecurity('api-key')
@Controller('v1/customers/:id/purchases')
export class PurchasesController {
  constructor(private readonly purchases: PurchasesService) {}

  @Get()
  @RequireScope('read')
  @ApiOkResponse({ type: OrderPageDto, description: 'newest first' })
  async list(@Param() { id }: CustomerIdParam, @Query() q: ListPurchasesQueryDto): Promise<OrderPageDto> {
    const page = await this.purchases.list(id, q.from, q.to, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
    return { items: page.items.map(OrderResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @RequireScope('write')
  @ApiCreatedResponse({ type: OrderResponseDto, description: '201 when created; 200 with the stored order on a retry' })
  async create(
    @Param() { id }: CustomerIdParam,
    @Body() body: CreateOrderDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrderResponseDto> {
    const { order, created } = await this.purchases.create(id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    if (!created) res.setHeader('Idempotent-Replayed', 'true');
    return OrderResponseDto.from(order);
  }

  @Post('import')
  @RequireScope('write')
  @ApiOkResponse({ type: ImportOrdersResponseDto })
  async import(
    @Param() { id }: CustomerIdParam,
    @Body() body: ImportOrdersDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportOrdersResponseDto> {
    const items = await this.purchases.importMany(id, body.orders);
    res.status(HttpStatus.OK);
    const count = (status: string) => items.filter((i) => i.status === status).length;
    return { created: count('created'), duplicate: count('duplicate'), conflict: count('conflict'), invalid: count('invalid'), items };
  }

  @Get('summary')
  @RequireScope('read')
  @ApiOkResponse({ type: PurchaseSummaryResponseDto })
  async summary(@Param() { id }: CustomerIdParam, @Query() q: PurchaseSummaryQueryDto): Promise<PurchaseSummaryResponseDto> {
    return PurchaseSummaryResponseDto.from(id, await this.purchases.summary(id, q.asOf, q.productLimit ?? 100));
  }
}

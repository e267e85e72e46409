import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { DEFAULT_PAGE_SIZE, Page, PageOf } from '../common/http/pagination';
import { CustomerIdParam } from '../customers/dto/customer-id.param';
import { CreateOrderDto, ImportOrdersDto } from './dto/create-order.dto';
import { ImportOrdersResponseDto, OrderResponseDto, PurchaseSummaryResponseDto } from './dto/order.response.dto';
import { ListPurchasesQueryDto, PurchaseSummaryQueryDto } from './dto/purchase-queries.dto';
import { PurchasesService } from './purchases.service';

@ApiTags('purchases')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 503)
@Controller({ path: 'customers/:id/purchases', version: '1' })
export class PurchasesController {
  constructor(private readonly purchases: PurchasesService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "A customer's orders newest first, optionally within [from, to]" })
  @ApiOkResponse({ type: PageOf(OrderResponseDto), description: 'newest first' })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'])
  async list(@Param() { id }: CustomerIdParam, @Query() q: ListPurchasesQueryDto): Promise<Page<OrderResponseDto>> {
    const page = await this.purchases.list(id, q.from, q.to, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
    return { items: page.items.map(OrderResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({ summary: 'Record an order (idempotent on orderId: a retry with the same content answers 200 with the stored order)' })
  @ApiCreatedResponse({ type: OrderResponseDto, description: '201 when created; 200 with the stored order on a retry (header Idempotent-Replayed: true)' })
  @ApiOkResponse({ type: OrderResponseDto, description: 'the stored order of an idempotent retry (header Idempotent-Replayed: true)' })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'], [409, 'ORDER.ID_CONFLICT'])
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
  @ApiOperation({ summary: 'Record many orders; each item says created, duplicate, conflict or invalid' })
  @ApiOkResponse({ type: ImportOrdersResponseDto })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'], 413)
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
  @ApiOperation({ summary: "Totals, frequency and per-product figures of a customer's purchases as of asOf" })
  @ApiOkResponse({ type: PurchaseSummaryResponseDto })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'])
  async summary(@Param() { id }: CustomerIdParam, @Query() q: PurchaseSummaryQueryDto): Promise<PurchaseSummaryResponseDto> {
    return PurchaseSummaryResponseDto.from(id, await this.purchases.summary(id, q.asOf, q.productLimit ?? 100));
  }
}

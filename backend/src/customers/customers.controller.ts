import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { DEFAULT_PAGE_SIZE, Page, PageOf } from '../common/http/pagination';
import { CustomerIdParam } from './dto/customer-id.param';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, ReplaceCustomerDto } from './dto/create-customer.dto';
import { CustomerResponseDto } from './dto/customer.response.dto';
import { ListCustomersQueryDto } from './dto/list-customers.query.dto';
import { PatchCustomerDto } from './dto/patch-customer.dto';

@ApiTags('customers')
@ApiSecurity('api-key')
@ApiErrors(401, 403, 503)
@Controller({ path: 'customers', version: '1' })
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: 'Customers, optionally filtered by country, region or segment (scheme + segment)' })
  @ApiOkResponse({ type: PageOf(CustomerResponseDto) })
  @ApiErrors(400)
  async list(@Query() query: ListCustomersQueryDto): Promise<Page<CustomerResponseDto>> {
    const page = await this.customers.list(
      {
        country: query.country,
        region: query.region,
        ...(query.segment ? { segment: { scheme: query.scheme ?? 'rfm', segment: query.segment } } : {}),
      },
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.cursor,
    );
    return { items: page.items.map(CustomerResponseDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @RequireScope('write')
  @ApiOperation({ summary: 'Create a customer profile' })
  @ApiCreatedResponse({ type: CustomerResponseDto })
  @ApiErrors(400, [409, 'CUSTOMER.ALREADY_EXISTS'])
  async create(@Body() body: CreateCustomerDto): Promise<CustomerResponseDto> {
    const { id, ...profile } = body;
    return CustomerResponseDto.from(await this.customers.create(id, profile));
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'A customer profile' })
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'])
  async get(@Param() { id }: CustomerIdParam): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.get(id));
  }

  @Put(':id')
  @RequireScope('write')
  @ApiOperation({ summary: 'Replace a customer profile (fields left out are removed)' })
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'], [409, 'CUSTOMER.CONCURRENT_UPDATE'])
  async replace(@Param() { id }: CustomerIdParam, @Body() body: ReplaceCustomerDto): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.replace(id, body));
  }

  @Patch(':id')
  @RequireScope('write')
  @ApiOperation({ summary: 'Change some fields of a customer profile (JSON merge patch: null removes a field)' })
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'], [409, 'CUSTOMER.CONCURRENT_UPDATE'])
  async patch(@Param() { id }: CustomerIdParam, @Body() body: PatchCustomerDto): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.patch(id, body));
  }

  @Delete(':id')
  @RequireScope('write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a customer with its orders and derived items' })
  @ApiNoContentResponse({ description: 'Profile, orders and derived items removed' })
  @ApiErrors(400, [404, 'CUSTOMER.NOT_FOUND'])
  async delete(@Param() { id }: CustomerIdParam): Promise<void> {
    await this.customers.delete(id);
  }
}

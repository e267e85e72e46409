import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../common/auth/scopes.decorator';
import { DEFAULT_PAGE_SIZE } from '../common/http/pagination';
import { CustomerIdParam } from './dto/customer-id.param';
import { CustomersService } from './customers.service';
import { CreateCustomerDto, ReplaceCustomerDto } from './dto/create-customer.dto';
import { CustomerPageDto, CustomerResponseDto } from './dto/customer.response.dto';
import { ListCustomersQueryDto } from './dto/list-customers.query.dto';
import { PatchCustomerDto } from './dto/patch-customer.dto';

@ApiTags('customers')
@ApiSecurity('api-key')
@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @RequireScope('read')
  @ApiOkResponse({ type: CustomerPageDto })
  async list(@Query() query: ListCustomersQueryDto): Promise<CustomerPageDto> {
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
  @ApiCreatedResponse({ type: CustomerResponseDto, description: '409 CUSTOMER.ALREADY_EXISTS when the id is taken' })
  async create(@Body() body: CreateCustomerDto): Promise<CustomerResponseDto> {
    const { id, ...profile } = body;
    return CustomerResponseDto.from(await this.customers.create(id, profile));
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOkResponse({ type: CustomerResponseDto })
  async get(@Param() { id }: CustomerIdParam): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.get(id));
  }

  @Put(':id')
  @RequireScope('write')
  @ApiOkResponse({ type: CustomerResponseDto })
  async replace(@Param() { id }: CustomerIdParam, @Body() body: ReplaceCustomerDto): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.replace(id, body));
  }

  @Patch(':id')
  @RequireScope('write')
  @ApiOkResponse({ type: CustomerResponseDto })
  async patch(@Param() { id }: CustomerIdParam, @Body() body: PatchCustomerDto): Promise<CustomerResponseDto> {
    return CustomerResponseDto.from(await this.customers.patch(id, body));
  }

  @Delete(':id')
  @RequireScope('write')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Profile, orders and derived items removed' })
  async delete(@Param() { id }: CustomerIdParam): Promise<void> {
    await this.customers.delete(id);
  }
}

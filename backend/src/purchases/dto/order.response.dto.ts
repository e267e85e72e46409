import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { roundMoney, roundTo } from '../../common/domain/money';
import { FieldError } from '../../common/domain/domain.error';
import { Order } from '../domain/order';
import { PurchaseSummary } from '../domain/purchase-summary';
import { LineItemDto } from './create-order.dto';

export class OrderResponseDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty() readonly orderId!: string;
  @ApiProperty({ description: 'as given by the client' }) readonly purchasedAt!: string;
  @ApiProperty({ format: 'date-time' }) readonly purchasedAtUtc!: string;
  @ApiPropertyOptional() readonly currency?: string;
  @ApiProperty({ type: [LineItemDto] }) readonly lines!: LineItemDto[];
  @ApiProperty({ description: 'Σ quantity × unitPrice, rounded to 2 decimals' }) readonly total!: number;
  @ApiProperty({ enum: ['api', 'import'] }) readonly source!: string;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;

  static from(order: Order): OrderResponseDto {
    return { ...order, lines: [...order.lines], total: roundMoney(order.total) };
  }
}

export class ImportItemResultDto {
  @ApiProperty() readonly index!: number;
  @ApiPropertyOptional() readonly orderId?: string;
  @ApiProperty({ enum: ['created', 'duplicate', 'conflict', 'invalid'] }) readonly status!: string;
  @ApiPropertyOptional({ description: 'field errors of an invalid order' }) readonly errors?: readonly FieldError[];
}

export class ImportOrdersResponseDto {
  @ApiProperty() readonly created!: number;
  @ApiProperty() readonly duplicate!: number;
  @ApiProperty({ description: 'orders whose id already holds a different purchase' }) readonly conflict!: number;
  @ApiProperty() readonly invalid!: number;
  @ApiProperty({ type: [ImportItemResultDto] }) readonly items!: readonly ImportItemResultDto[];
}

const days = (v: number | null) => (v === null ? null : roundTo(v, 2));

/** Summary with money rounded to 2 decimals and days to 2 decimals. */
export class PurchaseSummaryResponseDto {
  @ApiProperty() readonly customerId!: string;
  @ApiProperty({ format: 'date-time' }) readonly asOf!: string;
  @ApiProperty() readonly orders!: number;
  @ApiProperty() readonly totalSpent!: number;
  @ApiProperty({ nullable: true }) readonly averageOrderValue!: number | null;
  @ApiProperty({ nullable: true }) readonly firstPurchaseAt!: string | null;
  @ApiProperty({ nullable: true }) readonly lastPurchaseAt!: string | null;
  @ApiProperty({ nullable: true, description: '{ recencyDays, frequency, monetary } (segmentation spec §B)' })
  readonly rfm!: { recencyDays: number; frequency: number; monetary: number } | null;
  @ApiProperty({ nullable: true }) readonly ordersPer30Days!: number | null;
  @ApiProperty({ description: '{ count, meanDays, medianDays, coefficientOfVariation }' })
  readonly interPurchaseIntervals!: Record<string, number | null>;
  @ApiProperty({ description: 'per product: timesBought, totalQuantity, totalSpent, meanDaysBetween, lastBoughtAt, daysSinceLastBought' })
  readonly products!: Record<string, unknown>[];
  @ApiProperty() readonly distinctProducts!: number;

  static from(customerId: string, s: PurchaseSummary): PurchaseSummaryResponseDto {
    return {
      customerId,
      asOf: s.asOf,
      orders: s.orders,
      totalSpent: roundMoney(s.totalSpent),
      averageOrderValue: s.averageOrderValue === null ? null : roundMoney(s.averageOrderValue),
      firstPurchaseAt: s.firstPurchaseAt,
      lastPurchaseAt: s.lastPurchaseAt,
      rfm: s.rfm && { recencyDays: s.rfm.recencyDays, frequency: s.rfm.frequency, monetary: roundMoney(s.rfm.monetary) },
      ordersPer30Days: s.ordersPer30Days === null ? null : roundTo(s.ordersPer30Days, 4),
      interPurchaseIntervals: {
        count: s.interPurchaseIntervals.count,
        meanDays: days(s.interPurchaseIntervals.meanDays),
        medianDays: days(s.interPurchaseIntervals.medianDays),
        coefficientOfVariation:
          s.interPurchaseIntervals.coefficientOfVariation === null ? null : roundTo(s.interPurchaseIntervals.coefficientOfVariation, 4),
      },
      products: s.products.map((p) => ({
        ...p,
        totalSpent: roundMoney(p.totalSpent),
        meanDaysBetween: days(p.meanDaysBetween),
      })),
      distinctProducts: s.distinctProducts,
    };
  }
}

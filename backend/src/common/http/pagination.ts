import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { InvalidInputError } from '../domain/domain.error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/** `?limit=&cursor=` of every list route. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page `nextCursor`' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a cursor returned by a previous page' })
  readonly cursor?: string;
}

/** A page of results: `nextCursor` is absent on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

const PAGE_CLASSES = new Map<ClassType<unknown>, ClassType<Page<unknown>>>();

/**
 * The OpenAPI schema class of a page of `item`s: `{ items: Item[], nextCursor? }`, named after the
 * item (`CustomerResponseDto` → `CustomerPageDto`, `KMeansModelDto` → `KMeansModelPageDto`). One
 * class per item type, so every route listing the same items shares one schema. Extend it to add
 * page-level fields.
 */
export function PageOf<T>(item: ClassType<T>): ClassType<Page<T>> {
  const known = PAGE_CLASSES.get(item);
  if (known) return known as ClassType<Page<T>>;
  class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] }) readonly items!: T[];
    @ApiPropertyOptional({ description: 'Pass as `cursor` to get the next page; absent on the last page' })
    readonly nextCursor?: string;
  }
  Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/(Response)?Dto$/, '')}PageDto` });
  PAGE_CLASSES.set(item, ItemPage);
  return ItemPage;
}

/** Encodes a position (e.g. DynamoDB LastEvaluatedKey plus state) as an opaque base64url cursor. */
export function encodeCursor(position: Record<string, unknown> | undefined): string | undefined {
  return position ? Buffer.from(JSON.stringify(position), 'utf8').toString('base64url') : undefined;
}

/**
 * Decodes a cursor produced by `encodeCursor`.
 *
 * @throws InvalidInputError (field `cursor`) when it is not one.
 */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the validation error
  }
  throw new InvalidInputError([{ field: 'cursor', messages: ['cursor is not valid for this list'] }]);
}

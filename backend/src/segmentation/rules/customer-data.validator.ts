import type {
  Gender,
  RegionInfo,
  ValidCustomerData,
  ValidCustomerRecord,
  ValidProductHistoryEntry,
} from './customer-data';
import { parseIsoUtc } from '../../common/domain/time';

/** One invalid field: `field` is a path into the payload such as `customer.productHistory[2].totalSpent`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type CustomerDataValidation =
  | { readonly ok: true; readonly value: ValidCustomerData }
  | { readonly ok: false; readonly errors: FieldError[] };

/** Size bounds of an accepted payload; beyond them the payload is rejected, not truncated. */
export const CUSTOMER_DATA_LIMITS = Object.freeze({
  maxStringLength: 256,
  maxProducts: 10_000,
  minAge: 0,
  maxAge: 120,
});

const DATE_MESSAGE = 'must be an ISO-8601 date such as 2024-01-05, 2024-01-05T10:00:00 or 2024-01-05T10:00:00+03:00';
const STRING_MESSAGE = `must be a string of at most ${CUSTOMER_DATA_LIMITS.maxStringLength} characters`;
const NON_EMPTY_STRING_MESSAGE = `must be a non-empty string of at most ${CUSTOMER_DATA_LIMITS.maxStringLength} characters`;
const NON_NEGATIVE_MESSAGE = 'must be a finite number ≥ 0';
const COUNT_MESSAGE = 'must be an integer ≥ 0';
const AGE_MESSAGE = `must be an integer between ${CUSTOMER_DATA_LIMITS.minAge} and ${CUSTOMER_DATA_LIMITS.maxAge}`;
const GENDER_MESSAGE = 'must be one of F, M, U';
const OBJECT_MESSAGE = 'must be an object';

type Errors = FieldError[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBoundedString(v: unknown): v is string {
  return typeof v === 'string' && v.length <= CUSTOMER_DATA_LIMITS.maxStringLength;
}

function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && v !== Infinity;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && v >= 0 && Number.isInteger(v);
}

function productField(i: number, key: string): string {
  return `customer.productHistory[${i}].${key}`;
}

function optionalString(v: unknown, field: string, errors: Errors): string | null {
  if (v === undefined || v === null) return null;
  if (isBoundedString(v)) return v;
  errors.push({ field, message: STRING_MESSAGE });
  return null;
}

function requiredString(v: unknown, field: string, errors: Errors): string {
  if (isBoundedString(v) && v.length > 0) return v;
  errors.push({ field, message: v === undefined ? 'is required' : NON_EMPTY_STRING_MESSAGE });
  return '';
}

function requiredNonNegative(v: unknown, field: string, errors: Errors): number {
  if (isNonNegative(v)) return v;
  errors.push({ field, message: v === undefined ? 'is required' : NON_NEGATIVE_MESSAGE });
  return 0;
}

function requiredCount(v: unknown, field: string, errors: Errors): number {
  if (isCount(v)) return v;
  errors.push({ field, message: v === undefined ? 'is required' : COUNT_MESSAGE });
  return 0;
}

/** Parses an optional date; returns NaN and records an error when present but unparseable. */
function optionalDateMs(v: unknown, field: string, errors: Errors): number | null {
  if (v === undefined || v === null) return null;
  const ms = typeof v === 'string' ? parseIsoUtc(v) : NaN;
  if (ms === ms) return ms;
  errors.push({ field, message: DATE_MESSAGE });
  return NaN;
}

function validateProduct(raw: unknown, i: number, errors: Errors): ValidProductHistoryEntry | null {
  if (!isRecord(raw)) {
    errors.push({ field: `customer.productHistory[${i}]`, message: OBJECT_MESSAGE });
    return null;
  }
  const productId = requiredString(raw.productId, productField(i, 'productId'), errors);
  const category = requiredString(raw.category, productField(i, 'category'), errors);
  const totalQuantity = requiredNonNegative(raw.totalQuantity, productField(i, 'totalQuantity'), errors);
  const totalSpent = requiredNonNegative(raw.totalSpent, productField(i, 'totalSpent'), errors);
  const orderCount = requiredCount(raw.orderCount, productField(i, 'orderCount'), errors);

  let avgDaysBetween: number | null = null;
  const avg = raw.avgDaysBetween;
  if (avg !== undefined && avg !== null) {
    if (isNonNegative(avg)) avgDaysBetween = avg;
    else errors.push({ field: productField(i, 'avgDaysBetween'), message: `${NON_NEGATIVE_MESSAGE} or null` });
  }

  const firstRaw = raw.firstPurchase;
  const firstPurchaseMs = optionalDateMs(firstRaw, productField(i, 'firstPurchase'), errors);
  const lastRaw = raw.lastPurchase;
  let lastPurchaseMs = NaN;
  if (lastRaw === undefined || lastRaw === null) {
    errors.push({ field: productField(i, 'lastPurchase'), message: 'is required' });
  } else {
    lastPurchaseMs = typeof lastRaw === 'string' ? parseIsoUtc(lastRaw) : NaN;
    if (lastPurchaseMs !== lastPurchaseMs) errors.push({ field: productField(i, 'lastPurchase'), message: DATE_MESSAGE });
  }
  if (firstPurchaseMs !== null && firstPurchaseMs > lastPurchaseMs) {
    errors.push({ field: productField(i, 'firstPurchase'), message: 'must not be after lastPurchase' });
  }
  return {
    productId,
    category,
    totalQuantity,
    totalSpent,
    orderCount,
    firstPurchase: firstPurchaseMs === null ? null : (firstRaw as string),
    lastPurchase: lastRaw as string,
    avgDaysBetween,
    firstPurchaseMs,
    lastPurchaseMs,
  };
}

function validateCustomer(raw: unknown, errors: Errors): ValidCustomerRecord | null {
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    errors.push({ field: 'customer', message: OBJECT_MESSAGE });
    return null;
  }
  const customerId = optionalString(raw.customerId, 'customer.customerId', errors);
  const city = optionalString(raw.city, 'customer.city', errors);

  let age: number | null = null;
  const rawAge = raw.age;
  if (rawAge !== undefined && rawAge !== null) {
    if (isCount(rawAge) && rawAge <= CUSTOMER_DATA_LIMITS.maxAge) age = rawAge;
    else errors.push({ field: 'customer.age', message: AGE_MESSAGE });
  }

  let gender: Gender | null = null;
  const rawGender = raw.gender;
  if (rawGender !== undefined && rawGender !== null) {
    if (rawGender === 'F' || rawGender === 'M' || rawGender === 'U') gender = rawGender;
    else errors.push({ field: 'customer.gender', message: GENDER_MESSAGE });
  }

  const rawRegistered = raw.registeredAt;
  const registeredAtMs = optionalDateMs(rawRegistered, 'customer.registeredAt', errors);

  const rawHistory = raw.productHistory;
  const productHistory: ValidProductHistoryEntry[] = [];
  if (rawHistory === undefined || rawHistory === null) {
    errors.push({ field: 'customer.productHistory', message: 'is required (use [] for a customer without purchases)' });
  } else if (!Array.isArray(rawHistory)) {
    errors.push({ field: 'customer.productHistory', message: 'must be an array' });
  } else if (rawHistory.length > CUSTOMER_DATA_LIMITS.maxProducts) {
    errors.push({
      field: 'customer.productHistory',
      message: `must contain at most ${CUSTOMER_DATA_LIMITS.maxProducts} products`,
    });
  } else {
    for (let i = 0; i < rawHistory.length; i++) {
      const product = validateProduct(rawHistory[i], i, errors);
      if (product !== null) productHistory.push(product);
    }
  }
  return {
    customerId,
    city,
    age,
    gender,
    registeredAt: registeredAtMs === null ? null : (rawRegistered as string),
    registeredAtMs,
    productHistory,
  };
}

function validateRegion(raw: unknown, required: boolean, errors: Errors): RegionInfo | null {
  if (raw === undefined || raw === null) {
    if (required) errors.push({ field: 'region', message: 'is required for region and new-customer profiles' });
    return null;
  }
  if (!isRecord(raw)) {
    errors.push({ field: 'region', message: OBJECT_MESSAGE });
    return null;
  }
  return {
    name: requiredString(raw.name, 'region.name', errors),
    climateType: requiredString(raw.climateType, 'region.climateType', errors),
    medianBasket: requiredNonNegative(raw.medianBasket, 'region.medianBasket', errors),
    trend: requiredString(raw.trend, 'region.trend', errors),
  };
}

/**
 * Validates a raw `customerData` payload (segmentation spec §A) without throwing, and parses its
 * dates once so that {@link profileCustomer} never parses text.
 *
 * Every bad field is reported, each with a path such as `customer.productHistory[2].totalSpent`:
 * wrong types, age outside 0..120 or not whole, negative or non-finite money and quantities,
 * negative or fractional order counts, unknown gender (F, M, U accepted), unparseable dates, strings
 * longer than {@link CUSTOMER_DATA_LIMITS}.maxStringLength, more than `maxProducts` product lines,
 * a missing region when the payload needs one (region and new-customer modes). Unknown properties are
 * ignored so that richer customer records (the agent's fixtures) are accepted as they are; `null` is
 * accepted wherever a field is optional.
 *
 * @param raw any value, typically the parsed JSON body's `customerData`.
 * @returns `{ ok: true, value }` with normalised data, or `{ ok: false, errors }` listing every
 *   invalid field in document order.
 */
export function validateCustomerData(raw: unknown): CustomerDataValidation {
  if (!isRecord(raw)) return { ok: false, errors: [{ field: 'customerData', message: OBJECT_MESSAGE }] };
  const errors: Errors = [];
  const rawCustomerId = raw.customerId;
  const customerId = optionalString(rawCustomerId, 'customerId', errors);
  const city = optionalString(raw.city, 'city', errors);
  const customer = validateCustomer(raw.customer, errors);
  const needsRegion = rawCustomerId === undefined || rawCustomerId === null || customer === null || customer.productHistory.length === 0;
  const region = validateRegion(raw.region, needsRegion, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { customerId, city, customer, region } };
}

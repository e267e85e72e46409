export * from './customer-data';
export * from './customer-data.validator';
export * from './product-history';
export * from './rule-labels';
export * from './rule-profile';
export * from './rule-thresholds';

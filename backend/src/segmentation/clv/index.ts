export * from './bg-nbd';
export * from './clv-simulation';
export * from './clv-summary';
export * from './clv.errors';
export * from './customer-lifetime-value';
export * from './gamma-gamma';
export * from './hyp2f1';
export * from './minimize-bfgs';

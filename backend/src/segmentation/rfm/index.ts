export * from './lifecycle-segments';
export * from './quintiles';
export * from './rfm-features';
export * from './rfm-scores';
export * from './rfm-segment-map';

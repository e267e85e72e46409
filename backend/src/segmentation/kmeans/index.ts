export * from './cluster-quality';
export * from './feature-scaling';
export * from './k-selection';
export * from './kmeans';
export * from './kmeans-predict';
export * from './minibatch-kmeans';
export * from './prng';
export * from './rfm-kmeans';

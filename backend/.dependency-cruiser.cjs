/**
 * Architecture rules from docs/specs/target-architecture.md §2, checked in CI (`npm run lint`).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PURE = '^src/([^/]+/domain|segmentation/(rules|rfm|kmeans|clv)|experiments/stats)/';

module.exports = {
  forbidden: [
    {
      name: 'pure-core-no-nest',
      comment: 'Domain code and the engines are pure: no Nest, no AWS SDK, no I/O.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.spec\\.ts$' },
      to: {
        path: [
          '^node_modules/@nestjs/',
          '^node_modules/@aws-sdk/',
          '^node_modules/@smithy/',
          '^node_modules/dynalite/',
          '^node_modules/class-validator/',
          '^(fs|net|http|https|child_process|dgram)$',
          '^node:(fs|net|http|https|child_process|dgram)',
        ],
      },
    },
    {
      name: 'pure-core-stays-pure',
      comment: 'Pure modules may only import other pure modules.',
      severity: 'error',
      from: { path: PURE, pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/', pathNot: [PURE, '^src/common/domain/'] },
    },
    {
      name: 'dynamodb-sdk-only-in-storage',
      comment: 'Only storage/ and */infrastructure/ talk to DynamoDB.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/storage/', '^src/[^/]+/infrastructure/', '^src/[^/]+/[^/]+/infrastructure/'] },
      to: { path: ['^node_modules/@aws-sdk/(client-dynamodb|lib-dynamodb)', '^node_modules/dynalite'] },
    },
    {
      name: 'lambda-sdk-only-in-infrastructure',
      comment: 'Only */infrastructure/ adapters invoke Lambda functions.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/[^/]+/infrastructure/', '^src/[^/]+/[^/]+/infrastructure/'] },
      to: { path: '^node_modules/@aws-sdk/client-lambda' },
    },
    {
      name: 'bedrock-sdk-only-in-llm',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/llm/' },
      to: { path: '^node_modules/@aws-sdk/client-bedrock-runtime' },
    },
    {
      name: 'services-depend-on-ports',
      comment: 'Adapters are wired in modules only; services and controllers use the port.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.module\\.ts$', '\\.spec\\.ts$', '/infrastructure/', '^src/storage/'] },
      to: { path: '/infrastructure/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

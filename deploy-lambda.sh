#!/usr/bin/env bash
# Tests, builds and bundles the backend, deploys one stage with the CDK, prints the API URL.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib/common.sh"

usage() {
  cat <<USAGE
Usage: ./deploy-lambda.sh [options]

Runs the tests (npm test), builds and bundles the Lambda handlers (npm run bundle -w backend),
deploys the stack CustomerAnalytics-<stage> with the CDK and prints the API URL from the stack
outputs. Re-running deploys only what changed.

Needs the SSM String parameter /customer-analytics/<stage>/api-keys (API key HASHES,
name:sha256hex:scope+scope,...): see docs/operations.md.

Options:
  --stage NAME     stage to deploy (default: dev)
  --region REGION  region (default: \$AWS_REGION or us-east-1)
  --skip-tests     do not run npm test first
  --dry-run        print the commands and AWS calls instead of running them
  -h, --help       show this help
USAGE
}

STAGE=dev
REGION="${AWS_REGION:-us-east-1}"
TESTS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) STAGE="${2:?--stage needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --skip-tests) TESTS=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ "$STAGE" =~ ^[a-z][a-z0-9-]{0,19}$ ]] || die "--stage must be lowercase letters, digits or -, 1..20 chars"

need_cmd node
need_cmd npm
need_cmd aws "the CDK uses the AWS credentials of the CLI"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$node_major" != 22 ]]; then
  warn "Node.js $(node --version) builds the bundle: the nodejs22.x runtime will reject its V8 code cache (handler.js.cache) and compile from source, so cold starts take longer; bundle with Node.js 22 to keep it"
fi
ACCOUNT="$(aws_account_id)"
info "deploying stage $STAGE to account $ACCOUNT in $REGION"

PARAMETER="/customer-analytics/$STAGE/api-keys"
if [[ "$DRY_RUN" == 1 ]]; then
  show aws ssm get-parameter --region "$REGION" --name "$PARAMETER" --query Parameter.Type --output text
elif ! type="$(aws ssm get-parameter --region "$REGION" --name "$PARAMETER" --query Parameter.Type --output text 2>/dev/null)"; then
  die "SSM parameter $PARAMETER is missing: create it with the API key hashes, e.g. aws ssm put-parameter --type String --name $PARAMETER --value 'admin:<sha256hex>:admin' (see docs/operations.md)"
elif [[ "$type" != "String" ]]; then
  die "SSM parameter $PARAMETER must be a String (it holds hashes; CloudFormation cannot pass a SecureString to Lambda), not $type"
fi

cd "$REPO_ROOT"
if [[ "$TESTS" == 1 ]]; then run npm test; else info "tests skipped (--skip-tests)"; fi
run npm run bundle -w backend
OUTPUTS="$REPO_ROOT/infra/cdk.out/outputs-$STAGE.json"
export AWS_REGION="$REGION"
cd "$REPO_ROOT/infra"
run npx cdk deploy "CustomerAnalytics-$STAGE" -c "stage=$STAGE" --require-approval never --outputs-file "$OUTPUTS"

if [[ "$DRY_RUN" == 1 ]]; then
  info "dry run: nothing was deployed"
  exit 0
fi
API_URL="$(node -e 'const o=require(process.argv[1]);process.stdout.write((o[process.argv[2]]||{}).ApiUrl||"")' "$OUTPUTS" "CustomerAnalytics-$STAGE")"
[[ -n "$API_URL" ]] || API_URL="$(stack_output "$STAGE" ApiUrl "$REGION")"
[[ -n "$API_URL" && "$API_URL" != "None" ]] || die "deployed, but the stack has no ApiUrl output"
info "API URL: $API_URL"
info "next: API_KEY=<admin key> ./validate-deployment.sh --url $API_URL"

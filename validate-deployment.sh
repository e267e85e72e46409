#!/usr/bin/env bash
# Checks a deployment before (toolchain, tests, synth, IAM policy, config) or after it (--url:
# smoke tests over HTTP). Reports every failure, not only the first; exits 1 if any.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib/common.sh"

usage() {
  cat <<USAGE
Usage: ./validate-deployment.sh [options]                       before a deploy
       API_KEY=<admin key> ./validate-deployment.sh --url URL   after a deploy

Before: toolchain (node >= 20, npm, aws, npx cdk), tests, cdk synth of the stage,
bedrock-iam-policy.json (valid JSON, exactly the catalog models, InvokeModel and
InvokeModelWithResponseStream only), and the API key parameter of the stage in SSM.
After (--url): health, create/read a customer, its segmentation, an AI analysis and the
experiments with their results, all with API_KEY (needs read, write and analyst, e.g. admin).
Every check runs; the summary lists each failure.

Options:
  --stage NAME     stage (default: dev)
  --region REGION  region (default: \$AWS_REGION or us-east-1)
  --url URL        validate the deployed API instead (default: \$API_URL when set)
  --skip-tests     do not run npm test (before a deploy)
  --dry-run        print the commands, AWS calls and HTTP calls instead of running them
  -h, --help       show this help
USAGE
}

STAGE=dev
REGION="${AWS_REGION:-us-east-1}"
URL="${API_URL:-}"
TESTS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) STAGE="${2:?--stage needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --url) URL="${2:?--url needs a value}"; shift 2 ;;
    --skip-tests) TESTS=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

FAILURES=()
PASSED=0
pass() {
  PASSED=$((PASSED + 1))
  printf 'ok    %s\n' "$1"
}
fail() {
  FAILURES+=("$1: $2")
  printf 'FAIL  %s: %s\n' "$1" "$2"
}
# check NAME COMMAND...: runs the command quietly (printed only with --dry-run) and records the outcome.
check() {
  local name="$1" out
  shift
  if [[ "$DRY_RUN" == 1 ]]; then
    if declare -F "$1" >/dev/null; then "$@"; else show "$@"; fi
    return 0
  fi
  if out="$("$@" 2>&1)"; then pass "$name"; else fail "$name" "$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"; fi
}

# in_dir DIR COMMAND...: runs the command in a folder of the repository.
in_dir() {
  local dir="$1"
  shift
  if [[ "$DRY_RUN" == 1 ]]; then
    show cd "$dir"
    show "$@"
    return 0
  fi
  (cd "$REPO_ROOT/$dir" && "$@")
}

node_version_ok() {
  if [[ "$DRY_RUN" == 1 ]]; then
    show node --version
    return 0
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ "$major" -ge 20 ]] || { echo "node $(node --version) is older than 20"; return 1; }
}

policy_ok() {
  if [[ "$DRY_RUN" == 1 ]]; then
    show node - bedrock-iam-policy.json
    show node scripts/generate-bedrock-policy.mjs --check
    return 0
  fi
  node - "$REPO_ROOT/bedrock-iam-policy.json" <<'NODE'
const fs = require('fs');
let doc;
try { doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')); } catch (e) { console.log(`not valid JSON: ${e.message}`); process.exit(1); }
const problems = [];
for (const s of doc.Statement || []) {
  if (s.Effect !== 'Allow') problems.push(`statement ${s.Sid}: Effect ${s.Effect}`);
  const actions = [].concat(s.Action);
  const extra = actions.filter((a) => !['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'].includes(a));
  if (extra.length) problems.push(`actions beyond InvokeModel/InvokeModelWithResponseStream: ${extra.join(', ')}`);
  for (const r of [].concat(s.Resource)) {
    if (!/^arn:aws:bedrock:\*:(\*)?:(foundation-model|inference-profile)\/[A-Za-z0-9][A-Za-z0-9._:-]+$/.test(r)) problems.push(`resource broader than one model: ${r}`);
  }
}
if (problems.length) { console.log(problems.join('; ')); process.exit(1); }
NODE
  node "$REPO_ROOT/scripts/generate-bedrock-policy.mjs" --check
}

api_keys_parameter_ok() {
  local value
  if [[ "$DRY_RUN" == 1 ]]; then
    show aws ssm get-parameter --region "$REGION" --name "/customer-analytics/$STAGE/api-keys" --query Parameter.Value --output text
    return 0
  fi
  value="$(aws ssm get-parameter --region "$REGION" --name "/customer-analytics/$STAGE/api-keys" --query Parameter.Value --output text)" || return 1
  [[ "$value" =~ ^[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64}:[a-z+]+(,[A-Za-z0-9_.-]{1,64}:[0-9a-f]{64}:[a-z+]+)*$ ]] ||
    { echo "value is not name:sha256hex:scope+scope,... (hashes only)"; return 1; }
}

predeploy() {
  info "== before deploy: stage $STAGE, region $REGION"
  check "node >= 20" node_version_ok
  check "npm" npm --version
  check "aws CLI" aws --version
  check "AWS credentials" aws sts get-caller-identity --query Account --output text
  check "cdk CLI" in_dir infra npx cdk --version
  if [[ "$TESTS" == 1 ]]; then check "tests (npm test)" in_dir . npm test; fi
  check "cdk synth -c stage=$STAGE" in_dir infra npx cdk synth -c "stage=$STAGE" --quiet
  check "bedrock-iam-policy.json = catalog, nothing broader" policy_ok
  check "SSM /customer-analytics/$STAGE/api-keys (hashes)" api_keys_parameter_ok
}

# http NAME METHOD PATH EXPECTED_STATUS [BODY]: one API call with the key; body of the answer in $BODY.
BODY=""
http() {
  local name="$1" method="$2" path="$3" expected="$4" data="${5:-}" response status
  if [[ "$DRY_RUN" == 1 ]]; then
    show curl -sS -X "$method" -H 'x-api-key: ***' ${data:+--data "$data"} "$URL$path"
    return 0
  fi
  local args=(-sS -X "$method" -H 'content-type: application/json' -w '\n%{http_code}' --max-time 30 --config -)
  [[ -z "$data" ]] || args+=(--data "$data")
  if ! response="$(printf 'header = "x-api-key: %s"\n' "$API_KEY" | curl "${args[@]}" "$URL$path" 2>&1)"; then
    fail "$name" "curl failed: ${response//$'\n'/ }"
    return 1
  fi
  status="${response##*$'\n'}"
  BODY="${response%$'\n'*}"
  if [[ "$status" =~ ^($expected)$ ]]; then pass "$name ($method $path → $status)"; else fail "$name" "$method $path → HTTP $status: ${BODY:0:200}"; return 1; fi
}

postdeploy() {
  [[ "$URL" =~ ^https?://[^[:space:]]+$ ]] || die "--url must be an http(s) URL"
  URL="${URL%/}"
  [[ -n "${API_KEY:-}" ]] || die "API_KEY (read, write and analyst scopes, e.g. an admin key) is required in the environment"
  need_cmd curl
  info "== after deploy: $URL"
  local id="validate-smoke-customer"
  http "health" GET /health 200 || true
  http "create customer" POST /v1/customers '201|409' "{\"id\":\"$id\",\"country\":\"Iceland\"}" || true
  http "read customer" GET "/v1/customers/$id" 200 || true
  http "record an order" POST "/v1/customers/$id/purchases" '200|201' \
    "{\"orderId\":\"validate-1\",\"purchasedAt\":\"2011-11-01T10:00:00Z\",\"lines\":[{\"productId\":\"P1\",\"quantity\":2,\"unitPrice\":3.5}]}" || true
  http "segment the customer" POST "/v1/customers/$id/segmentation" '200|201' || true
  http "read its segments" GET "/v1/customers/$id/segment" 200 || true
  http "AI analysis" GET "/v1/customers/$id/ai-analysis" 200 || true
  if http "list experiments" GET "/v1/ab-tests?limit=1" 200 && [[ "$DRY_RUN" != 1 ]]; then
    local key
    key="$(node -e 'const p=JSON.parse(process.argv[1]);process.stdout.write(((p.items||[])[0]||{}).key||"")' "$BODY" 2>/dev/null || true)"
    if [[ -n "$key" ]]; then
      http "experiment results" GET "/v1/ab-tests/$key/results" 200 || true
    else
      fail "experiment results" "no experiment yet: run ./setup-ab-testing.sh --url $URL"
    fi
  elif [[ "$DRY_RUN" == 1 ]]; then
    http "experiment results" GET "/v1/ab-tests/<key>/results" 200
  fi
}

if [[ -n "$URL" ]]; then postdeploy; else predeploy; fi

if [[ "$DRY_RUN" == 1 ]]; then
  info "dry run: nothing was checked"
  exit 0
fi
printf '\n%d passed, %d failed\n' "$PASSED" "${#FAILURES[@]}"
if [[ ${#FAILURES[@]} -gt 0 ]]; then
  printf 'failures:\n' >&2
  printf '  - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Creates (once) the default Haiku-vs-Sonnet experiment through the deployed API.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib/common.sh"

usage() {
  cat <<USAGE
Usage: API_KEY=<analyst key> ./setup-ab-testing.sh --url https://... [options]

After a deploy: starts the default experiment Claude 3 Haiku (control) vs Claude 3.5 Sonnet v2
(treatment) with POST /v1/ab-tests/quick-test and prints its results URL. Idempotent: when a
running quick test for the same analysis type exists (GET /v1/ab-tests), it is reused.

Options:
  --url URL              API base URL (default: \$API_URL; deploy-lambda.sh prints it)
  --analysis-type TYPE   consumption_prediction | customer_profile | recommendations (default: recommendations)
  --traffic-split X      share of traffic for Sonnet, 0.01..0.99 (default: 0.5)
  --duration-days N      planned duration, 1..365 (default: 14)
  --dry-run              print the HTTP calls instead of making them
  -h, --help             show this help
Environment: API_KEY  a key with the analyst (or admin) scope; never printed.
USAGE
}

URL="${API_URL:-}"
TYPE=recommendations
SPLIT=0.5
DAYS=14
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL="${2:?--url needs a value}"; shift 2 ;;
    --analysis-type) TYPE="${2:?--analysis-type needs a value}"; shift 2 ;;
    --traffic-split) SPLIT="${2:?--traffic-split needs a value}"; shift 2 ;;
    --duration-days) DAYS="${2:?--duration-days needs a value}"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ -n "$URL" ]] || die "--url (or API_URL) is required"
[[ "$URL" =~ ^https?://[^[:space:]]+$ ]] || die "--url must be an http(s) URL"
URL="${URL%/}"
[[ "$TYPE" =~ ^(consumption_prediction|customer_profile|recommendations)$ ]] || die "--analysis-type must be consumption_prediction, customer_profile or recommendations"
[[ "$SPLIT" =~ ^0?\.[0-9]+$ ]] || die "--traffic-split must be a number between 0.01 and 0.99"
[[ "$DAYS" =~ ^[0-9]{1,3}$ ]] || die "--duration-days must be 1..365"
[[ -n "${API_KEY:-}" ]] || die "API_KEY (a key with the analyst scope) is required in the environment"
need_cmd curl
need_cmd node

# curl with the key from a header file-descriptor-free config on stdin, so it never shows in ps.
api() {
  local method="$1" path="$2" body="${3:-}"
  if [[ "$DRY_RUN" == 1 ]]; then
    show curl -sS -X "$method" -H 'x-api-key: ***' -H 'content-type: application/json' ${body:+--data "$body"} "$URL$path"
    return 0
  fi
  local args=(-sS -X "$method" -H 'content-type: application/json' -w '\n%{http_code}' --config -)
  [[ -z "$body" ]] || args+=(--data "$body")
  printf 'header = "x-api-key: %s"\n' "$API_KEY" | curl "${args[@]}" "$URL$path"
}

# Splits "body\nstatus" from api(); fails with the body on an unexpected status.
expect_status() {
  local response="$1" wanted="$2" what="$3"
  local status="${response##*$'\n'}"
  local body="${response%$'\n'*}"
  [[ "$status" =~ ^($wanted)$ ]] || die "$what answered HTTP $status: $body"
  printf '%s' "$body"
}

PREFIX="quick-${TYPE//_/-}-"
if [[ "$DRY_RUN" == 1 ]]; then
  api GET "/v1/ab-tests?status=running&limit=100"
  api POST /v1/ab-tests/quick-test "{\"analysisType\":\"$TYPE\",\"trafficSplit\":$SPLIT,\"durationDays\":$DAYS}"
  info "results: $URL/v1/ab-tests/<key>/results"
  info "dry run: nothing was created"
  exit 0
fi

list="$(expect_status "$(api GET "/v1/ab-tests?status=running&limit=100")" 200 'GET /v1/ab-tests')"
existing="$(node -e '
  const page = JSON.parse(process.argv[1]);
  const found = (page.items || []).find((e) => e.key.startsWith(process.argv[2]) && e.status === "running");
  process.stdout.write(found ? found.key : "");
' "$list" "$PREFIX")"
if [[ -n "$existing" ]]; then
  KEY="$existing"
  info "experiment $KEY is already running (not created again)"
else
  created="$(expect_status "$(api POST /v1/ab-tests/quick-test "{\"analysisType\":\"$TYPE\",\"trafficSplit\":$SPLIT,\"durationDays\":$DAYS}")" '200|201' 'POST /v1/ab-tests/quick-test')"
  KEY="$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).key || "")' "$created")"
  [[ -n "$KEY" ]] || die "quick-test answered without an experiment key: $created"
  info "experiment $KEY created and started"
fi
info "results: $URL/v1/ab-tests/$KEY/results"
info "status:  $URL/v1/ab-tests/$KEY/status"

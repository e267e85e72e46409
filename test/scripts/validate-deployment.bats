#!/usr/bin/env bats
load helpers

URL=https://abc.execute-api.us-east-1.amazonaws.com

@test "validate-deployment --help prints usage" {
  run "$REPO/validate-deployment.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Every check runs"* ]]
}

@test "validate-deployment --dry-run prints the pre-deploy checks and runs none" {
  run "$REPO/validate-deployment.sh" --dry-run
  [ "$status" -eq 0 ]
  [ ! -s "$STUB_LOG" ]
  [[ "$output" == *"+ aws sts get-caller-identity"* ]]
  [[ "$output" == *"+ npx cdk synth -c stage=dev --quiet"* ]]
  [[ "$output" == *"+ npm test"* ]]
  [[ "$output" == *"+ aws ssm get-parameter --region us-east-1 --name /customer-analytics/dev/api-keys"* ]]
  [[ "$output" == *"+ node scripts/generate-bedrock-policy.mjs --check"* ]]
}

@test "validate-deployment passes before deploy when every check passes" {
  run "$REPO/validate-deployment.sh" --skip-tests
  [ "$status" -eq 0 ]
  [[ "$output" == *"ok    bedrock-iam-policy.json = catalog, nothing broader"* ]]
  [[ "$output" == *"ok    SSM /customer-analytics/dev/api-keys (hashes)"* ]]
  [[ "$output" == *"8 passed, 0 failed"* ]]
  [ "$(count_calls 'npx cdk synth -c stage=dev --quiet')" -eq 1 ]
}

@test "validate-deployment reports every failing pre-deploy check, not only the first" {
  STUB_NO_CREDENTIALS=1 STUB_NO_PARAMETER=1 run "$REPO/validate-deployment.sh" --skip-tests
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  AWS credentials"* ]]
  [[ "$output" == *"FAIL  SSM /customer-analytics/dev/api-keys (hashes)"* ]]
  [[ "$output" == *"ok    cdk synth -c stage=dev"* ]]
  [[ "$output" == *"6 passed, 2 failed"* ]]
}

@test "validate-deployment smoke-tests the deployed API" {
  mkdir -p "$STUB_STATE" && echo quick-x >"$STUB_STATE/experiment"
  API_KEY=admin-key run "$REPO/validate-deployment.sh" --url "$URL"
  [ "$status" -eq 0 ]
  [[ "$output" == *"ok    health (GET /health → 200)"* ]]
  [[ "$output" == *"ok    AI analysis (GET /v1/customers/validate-smoke-customer/ai-analysis → 200)"* ]]
  [[ "$output" == *"ok    experiment results (GET /v1/ab-tests/quick-x/results → 200)"* ]]
  [[ "$output" == *"9 passed, 0 failed"* ]]
  [ "$(count_calls 'curl POST .*/v1/customers$')" -eq 1 ]
  ! grep -q admin-key "$STUB_LOG"
}

@test "validate-deployment reports every failing endpoint and exits 1" {
  mkdir -p "$STUB_STATE" && echo quick-x >"$STUB_STATE/experiment"
  STUB_HTTP_FAIL="/health /v1/customers/validate-smoke-customer/ai-analysis" API_KEY=k run "$REPO/validate-deployment.sh" --url "$URL"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  health: GET /health → HTTP 500"* ]]
  [[ "$output" == *"FAIL  AI analysis: GET /v1/customers/validate-smoke-customer/ai-analysis → HTTP 500"* ]]
  [[ "$output" == *"ok    experiment results (GET /v1/ab-tests/quick-x/results → 200)"* ]]
  [[ "$output" == *"7 passed, 2 failed"* ]]
}

@test "validate-deployment counts a missing experiment as a failure" {
  API_KEY=k run "$REPO/validate-deployment.sh" --url "$URL"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  experiment results: no experiment yet: run ./setup-ab-testing.sh --url $URL"* ]]
}

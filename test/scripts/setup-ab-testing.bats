#!/usr/bin/env bats
load helpers

URL=https://abc.execute-api.us-east-1.amazonaws.com

@test "setup-ab-testing --help prints usage" {
  run "$REPO/setup-ab-testing.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"POST /v1/ab-tests/quick-test"* ]]
}

@test "setup-ab-testing needs the URL and an API key" {
  run "$REPO/setup-ab-testing.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"--url (or API_URL) is required"* ]]
  run "$REPO/setup-ab-testing.sh" --url "$URL"
  [ "$status" -eq 1 ]
  [[ "$output" == *"API_KEY"* ]]
  [ ! -s "$STUB_LOG" ]
}

@test "setup-ab-testing --dry-run prints the HTTP calls without the key and makes none" {
  API_KEY=secret-analyst-key run "$REPO/setup-ab-testing.sh" --url "$URL" --dry-run
  [ "$status" -eq 0 ]
  [ ! -s "$STUB_LOG" ]
  [[ "$output" == *"+ curl -sS -X GET -H x-api-key:\ \*\*\*"* ]]
  [[ "$output" == *"/v1/ab-tests/quick-test"* ]]
  [[ "$output" != *"secret-analyst-key"* ]]
}

@test "setup-ab-testing creates the experiment once and reuses it on a re-run" {
  API_KEY=secret-analyst-key run "$REPO/setup-ab-testing.sh" --url "$URL/"
  [ "$status" -eq 0 ]
  [[ "$output" == *"experiment quick-recommendations-20260101-ab12 created and started"* ]]
  [[ "$output" == *"results: $URL/v1/ab-tests/quick-recommendations-20260101-ab12/results"* ]]
  API_KEY=secret-analyst-key run "$REPO/setup-ab-testing.sh" --url "$URL"
  [ "$status" -eq 0 ]
  [[ "$output" == *"already running (not created again)"* ]]
  [ "$(count_calls 'POST .*/v1/ab-tests/quick-test')" -eq 1 ]
  [ "$(count_calls 'GET .*/v1/ab-tests?status=running')" -eq 2 ]
  ! grep -q secret-analyst-key "$STUB_LOG"
}

@test "setup-ab-testing reports an API error with its status" {
  STUB_HTTP_FAIL="/v1/ab-tests" API_KEY=k run "$REPO/setup-ab-testing.sh" --url "$URL"
  [ "$status" -eq 1 ]
  [[ "$output" == *"GET /v1/ab-tests answered HTTP 500"* ]]
}

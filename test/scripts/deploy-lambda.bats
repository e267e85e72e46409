#!/usr/bin/env bats
load helpers

@test "deploy-lambda --help prints usage" {
  run "$REPO/deploy-lambda.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: ./deploy-lambda.sh"* ]]
}

@test "deploy-lambda --dry-run prints tests, bundle and cdk deploy, and runs nothing" {
  run "$REPO/deploy-lambda.sh" --dry-run --stage qa
  [ "$status" -eq 0 ]
  [ ! -s "$STUB_LOG" ]
  [[ "$output" == *"+ aws ssm get-parameter --region us-east-1 --name /customer-analytics/qa/api-keys"* ]]
  [[ "$output" == *"+ npm test"* ]]
  [[ "$output" == *"+ npm run bundle -w backend"* ]]
  [[ "$output" == *"+ npx cdk deploy CustomerAnalytics-qa -c stage=qa --require-approval never --outputs-file $REPO/infra/cdk.out/outputs-qa.json"* ]]
  [[ "$output" == *"dry run: nothing was deployed"* ]]
}

@test "deploy-lambda runs the tests, bundles, deploys and prints the API URL; a re-run does the same" {
  for attempt in 1 2; do
    : >"$STUB_LOG"
    run "$REPO/deploy-lambda.sh"
    [ "$status" -eq 0 ]
    [ "$(sed -n 3p "$STUB_LOG")" = "npm test" ]
    [ "$(sed -n 4p "$STUB_LOG")" = "npm run bundle -w backend" ]
    [[ "$(sed -n 5p "$STUB_LOG")" == "npx cdk deploy CustomerAnalytics-dev -c stage=dev --require-approval never --outputs-file "* ]]
    [[ "$output" == *"API URL: https://abc.execute-api.us-east-1.amazonaws.com/"* ]]
  done
  rm -f "$REPO/infra/cdk.out/outputs-dev.json"
}

@test "deploy-lambda --skip-tests skips npm test" {
  run "$REPO/deploy-lambda.sh" --skip-tests
  [ "$status" -eq 0 ]
  [ "$(count_calls '^npm test')" -eq 0 ]
  [ "$(count_calls 'cdk deploy')" -eq 1 ]
  rm -f "$REPO/infra/cdk.out/outputs-dev.json"
}

@test "deploy-lambda stops without credentials or without the API key parameter" {
  STUB_NO_CREDENTIALS=1 run "$REPO/deploy-lambda.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no usable AWS credentials"* ]]
  [ "$(count_calls 'cdk')" -eq 0 ]

  STUB_NO_PARAMETER=1 run "$REPO/deploy-lambda.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"SSM parameter /customer-analytics/dev/api-keys is missing"* ]]
  [ "$(count_calls 'cdk')" -eq 0 ]
}

@test "deploy-lambda stops when the tests fail" {
  STUB_EXIT=1 run "$REPO/deploy-lambda.sh"
  [ "$status" -ne 0 ]
  [ "$(count_calls 'cdk deploy')" -eq 0 ]
}

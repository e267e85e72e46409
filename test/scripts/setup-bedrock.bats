#!/usr/bin/env bats
load helpers

@test "setup-bedrock --help prints usage and calls nothing" {
  run "$REPO/setup-bedrock.sh" --help
  [ "$status" -eq 0 ]
  [[ "$output" == *"Usage: ./setup-bedrock.sh"* ]]
  [ ! -s "$STUB_LOG" ]
}

@test "setup-bedrock --dry-run prints every AWS call and makes none" {
  run "$REPO/setup-bedrock.sh" --dry-run
  [ "$status" -eq 0 ]
  [ ! -s "$STUB_LOG" ]
  [[ "$output" == *"+ aws sts get-caller-identity"* ]]
  [[ "$output" == *"+ aws bedrock get-foundation-model --region us-east-1 --model-identifier anthropic.claude-3-haiku-20240307-v1:0"* ]]
  [[ "$output" == *"+ aws bedrock get-inference-profile --region us-east-1 --inference-profile-identifier us.anthropic.claude-3-5-sonnet-20241022-v2:0"* ]]
  [[ "$output" == *"+ aws iam create-policy --policy-name customer-analytics-dev-bedrock-invoke --policy-document file://$REPO/bedrock-iam-policy.json"* ]]
  [[ "$output" == *"+ aws iam attach-role-policy"* ]]
  [ "$(grep -c '+ aws bedrock-runtime converse' <<<"$output")" -eq 4 ]
  [[ "$output" == *"dry run: nothing was changed"* ]]
}

@test "setup-bedrock stops with a clear message without credentials" {
  STUB_NO_CREDENTIALS=1 run "$REPO/setup-bedrock.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no usable AWS credentials"* ]]
  [[ "$output" == *"Unable to locate credentials"* ]]
  [ "$(calls)" = "aws sts get-caller-identity --query Account --output text" ]
}

@test "setup-bedrock names every model without access and changes nothing" {
  STUB_DENIED_MODELS="anthropic.claude-3-sonnet-20240229-v1:0 anthropic.claude-3-5-haiku-20241022-v1:0" run "$REPO/setup-bedrock.sh"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no access to anthropic.claude-3-sonnet-20240229-v1:0 in us-east-1"* ]]
  [[ "$output" == *"no access to anthropic.claude-3-5-haiku-20241022-v1:0 in us-east-1"* ]]
  [[ "$output" == *"2 catalog model(s) unavailable"* ]]
  [ "$(count_calls 'aws iam')" -eq 0 ]
  [ "$(count_calls 'converse')" -eq 0 ]
}

@test "setup-bedrock creates and attaches the policy, smoke-calls each model, and a re-run changes nothing" {
  run "$REPO/setup-bedrock.sh" --region eu-west-1
  [ "$status" -eq 0 ]
  [[ "$output" == *"policy customer-analytics-dev-bedrock-invoke created"* ]]
  [[ "$output" == *"policy attached to CustomerAnalytics-dev-ApiFunctionRole1234"* ]]
  [ "$(count_calls 'iam create-policy ')" -eq 1 ]
  [ "$(count_calls 'iam attach-role-policy')" -eq 1 ]
  [ "$(count_calls 'bedrock-runtime converse')" -eq 4 ]
  [ "$(count_calls 'converse --region eu-west-1 --model-id us.anthropic.claude-3-5-haiku-20241022-v1:0')" -eq 1 ]
  cmp "$STUB_STATE/policy.json" "$REPO/bedrock-iam-policy.json"

  : >"$STUB_LOG"
  run "$REPO/setup-bedrock.sh" --region eu-west-1
  [ "$status" -eq 0 ]
  [[ "$output" == *"is up to date (v1)"* ]]
  [[ "$output" == *"policy already attached"* ]]
  [ "$(count_calls 'iam create-policy')" -eq 0 ]
  [ "$(count_calls 'iam attach-role-policy')" -eq 0 ]
}

@test "setup-bedrock adds a policy version when the document changed, pruning the oldest" {
  mkdir -p "$STUB_STATE"
  echo '{"Version":"2012-10-17","Statement":[]}' >"$STUB_STATE/policy.json"
  echo v5 >"$STUB_STATE/default-version"
  STUB_OLD_VERSIONS=$'v4\tv3\tv2\tv1' run "$REPO/setup-bedrock.sh" --skip-smoke --role-name my-role
  [ "$status" -eq 0 ]
  [[ "$output" == *"updated to a new default version"* ]]
  [ "$(count_calls 'iam delete-policy-version --policy-arn arn:aws:iam::123456789012:policy/customer-analytics-dev-bedrock-invoke --version-id v1')" -eq 1 ]
  [ "$(count_calls 'iam delete-policy-version')" -eq 1 ]
  [ "$(count_calls 'iam create-policy-version')" -eq 1 ]
  [ "$(count_calls 'converse')" -eq 0 ]
}

@test "setup-bedrock fails when a model fails its Converse call" {
  STUB_CONVERSE_FAIL="anthropic.claude-3-haiku-20240307-v1:0" run "$REPO/setup-bedrock.sh" --role-name r
  [ "$status" -eq 1 ]
  [[ "$output" == *"converse failed: anthropic.claude-3-haiku-20240307-v1:0"* ]]
  [[ "$output" == *"1 model(s) failed the Converse smoke call"* ]]
}

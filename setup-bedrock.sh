#!/usr/bin/env bash
# Prepares Amazon Bedrock for the service: credentials, model access, IAM policy, smoke calls.
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/scripts/lib/common.sh"

usage() {
  cat <<USAGE
Usage: ./setup-bedrock.sh [options]

Checks the AWS CLI and credentials, checks that every model of the catalog
(backend/src/llm/model-catalog.ts) is available in the region, creates or updates the IAM
policy from bedrock-iam-policy.json (new default version only when the document changed; old
versions pruned), attaches it to the API function's role, and makes one small Converse call per
model. Safe to re-run.

Options:
  --stage NAME        stage whose API role gets the policy (default: dev)
  --region REGION     Bedrock region (default: \$AWS_REGION or us-east-1)
  --role-name NAME    role to attach the policy to (default: stack output ApiFunctionRoleName)
  --policy-name NAME  IAM policy name (default: customer-analytics-<stage>-bedrock-invoke)
  --skip-smoke        do not call the models
  --dry-run           print the AWS calls instead of making them
  -h, --help          show this help
USAGE
}

STAGE=dev
REGION="${AWS_REGION:-us-east-1}"
ROLE_NAME=""
POLICY_NAME=""
SMOKE=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) STAGE="${2:?--stage needs a value}"; shift 2 ;;
    --region) REGION="${2:?--region needs a value}"; shift 2 ;;
    --role-name) ROLE_NAME="${2:?--role-name needs a value}"; shift 2 ;;
    --policy-name) POLICY_NAME="${2:?--policy-name needs a value}"; shift 2 ;;
    --skip-smoke) SMOKE=0; shift ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
POLICY_NAME="${POLICY_NAME:-customer-analytics-$STAGE-bedrock-invoke}"
POLICY_FILE="$REPO_ROOT/bedrock-iam-policy.json"

need_cmd aws "install the AWS CLI: https://docs.aws.amazon.com/cli/"
need_cmd node
ACCOUNT="$(aws_account_id)"
info "AWS account $ACCOUNT, region $REGION, stage $STAGE"

node "$REPO_ROOT/scripts/generate-bedrock-policy.mjs" --check >/dev/null || die "bedrock-iam-policy.json is out of date: run node scripts/generate-bedrock-policy.mjs"

# 1. Model availability: report every model that fails, then stop before changing anything.
MODELS=()
PROFILES=()
while read -r model profile; do
  MODELS+=("$model")
  PROFILES+=("$profile")
done < <(catalog_models)
missing=()
for i in "${!MODELS[@]}"; do
  model="${MODELS[$i]}"
  if [[ "$DRY_RUN" == 1 ]]; then
    show aws bedrock get-foundation-model --region "$REGION" --model-identifier "$model"
  elif ! aws bedrock get-foundation-model --region "$REGION" --model-identifier "$model" >/dev/null 2>&1; then
    missing+=("$model")
  fi
  if [[ "${PROFILES[$i]}" != "-" ]]; then
    if [[ "$DRY_RUN" == 1 ]]; then
      show aws bedrock get-inference-profile --region "$REGION" --inference-profile-identifier "${PROFILES[$i]}"
    elif ! aws bedrock get-inference-profile --region "$REGION" --inference-profile-identifier "${PROFILES[$i]}" >/dev/null 2>&1; then
      missing+=("${PROFILES[$i]} (inference profile of $model)")
    fi
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  for m in "${missing[@]}"; do printf 'no access to %s in %s\n' "$m" "$REGION" >&2; done
  die "${#missing[@]} catalog model(s) unavailable: request access in the Bedrock console (Model access) for region $REGION, then re-run"
fi
info "model access: ${#MODELS[@]} catalog models available"

# 2. IAM policy: create, or add a version only when the document changed (at most 5 versions).
POLICY_ARN="arn:aws:iam::$ACCOUNT:policy/$POLICY_NAME"
if read_aws iam get-policy --policy-arn "$POLICY_ARN" >/dev/null 2>&1; then
  default_version="$(aws iam get-policy --policy-arn "$POLICY_ARN" --query Policy.DefaultVersionId --output text)"
  current="$(aws iam get-policy-version --policy-arn "$POLICY_ARN" --version-id "$default_version" --query PolicyVersion.Document --output json)"
  if node -e 'const [a,b]=process.argv.slice(1).map(s=>JSON.stringify(JSON.parse(s)));process.exit(a===b?0:1)' "$current" "$(cat "$POLICY_FILE")"; then
    info "policy $POLICY_NAME is up to date ($default_version)"
  else
    read -r -a old_versions <<<"$(aws iam list-policy-versions --policy-arn "$POLICY_ARN" --query 'reverse(sort_by(Versions[?!IsDefaultVersion], &CreateDate))[].VersionId' --output text)"
    for ((i = 3; i < ${#old_versions[@]}; i++)); do
      run aws iam delete-policy-version --policy-arn "$POLICY_ARN" --version-id "${old_versions[$i]}"
    done
    run aws iam create-policy-version --policy-arn "$POLICY_ARN" --policy-document "file://$POLICY_FILE" --set-as-default >/dev/null
    did "policy $POLICY_NAME updated to a new default version"
  fi
else
  run aws iam create-policy --policy-name "$POLICY_NAME" --policy-document "file://$POLICY_FILE" \
    --description "customer-analytics $STAGE: InvokeModel on the catalog models only" >/dev/null
  did "policy $POLICY_NAME created"
fi

# 3. Attach to the API function's role (once).
if [[ -z "$ROLE_NAME" ]]; then
  ROLE_NAME="$(stack_output "$STAGE" ApiFunctionRoleName "$REGION")"
  [[ -n "$ROLE_NAME" && "$ROLE_NAME" != "None" ]] || ROLE_NAME=""
fi
if [[ -z "$ROLE_NAME" && "$DRY_RUN" == 1 ]]; then
  ROLE_NAME="<ApiFunctionRoleName of CustomerAnalytics-$STAGE>"
fi
if [[ -z "$ROLE_NAME" ]]; then
  warn "stack CustomerAnalytics-$STAGE not found and no --role-name: policy not attached (deploy first, or pass --role-name)"
else
  attached="$(read_aws iam list-attached-role-policies --role-name "$ROLE_NAME" --query "AttachedPolicies[?PolicyArn=='$POLICY_ARN'].PolicyArn" --output text || true)"
  if [[ "$attached" == "$POLICY_ARN" ]]; then
    info "policy already attached to $ROLE_NAME"
  else
    run aws iam attach-role-policy --role-name "$ROLE_NAME" --policy-arn "$POLICY_ARN"
    did "policy attached to $ROLE_NAME"
  fi
fi

# 4. One small Converse call per model (through its inference profile when it has one).
if [[ "$SMOKE" == 1 ]]; then
  failures=0
  for i in "${!MODELS[@]}"; do
    target="${MODELS[$i]}"
    [[ "${PROFILES[$i]}" == "-" ]] || target="${PROFILES[$i]}"
    if run aws bedrock-runtime converse --region "$REGION" --model-id "$target" \
      --messages '[{"role":"user","content":[{"text":"Reply with the single word OK."}]}]' \
      --inference-config '{"maxTokens":5,"temperature":0}' --query 'usage' --output json >/dev/null; then
      did "converse OK: $target"
    else
      warn "converse failed: $target"
      failures=$((failures + 1))
    fi
  done
  [[ $failures -eq 0 ]] || die "$failures model(s) failed the Converse smoke call"
fi
if [[ "$DRY_RUN" == 1 ]]; then info "dry run: nothing was changed"; else info "Bedrock setup complete"; fi

# shellcheck shell=bash
# Helpers shared by the root deployment scripts (sourced, not executed).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DRY_RUN="${DRY_RUN:-0}"

info() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints a command as it would be typed (each argument shell-quoted), on stderr like `set -x`.
show() {
  local quoted
  printf -v quoted '%q ' "$@"
  printf '+ %s\n' "${quoted% }" >&2
}

# Reports a change that was made, or that would be made with --dry-run.
did() {
  if [[ "$DRY_RUN" == 1 ]]; then info "(dry run) would be: $*"; else info "$*"; fi
}

# Runs a command that changes something, or only prints it with --dry-run.
run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    show "$@"
    return 0
  fi
  "$@"
}

# Runs an AWS CLI read. With --dry-run it prints the call and returns 1 (nothing known).
read_aws() {
  if [[ "$DRY_RUN" == 1 ]]; then
    show aws "$@"
    return 1
  fi
  aws "$@"
}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not on PATH${2:+ ($2)}"
}

# AWS account id of the current credentials; exits with a clear message without credentials.
aws_account_id() {
  if [[ "$DRY_RUN" == 1 ]]; then
    show aws sts get-caller-identity --query Account --output text
    printf '<account-id>\n'
    return 0
  fi
  local out
  if ! out="$(aws sts get-caller-identity --query Account --output text 2>&1)"; then
    die "no usable AWS credentials (aws sts get-caller-identity: ${out//$'\n'/ }). Configure them with 'aws configure', AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY."
  fi
  printf '%s\n' "$out"
}

# The catalog as lines "<modelId> <inferenceProfileId or ->", from the backend's model catalog.
catalog_models() {
  node "$REPO_ROOT/scripts/generate-bedrock-policy.mjs" --models
}

# Value of one output of the stack of a stage (empty when unknown).
stack_output() {
  local stage="$1" key="$2" region="$3"
  read_aws cloudformation describe-stacks --region "$region" --stack-name "CustomerAnalytics-$stage" \
    --query "Stacks[0].Outputs[?OutputKey=='$key'].OutputValue" --output text 2>/dev/null || true
}

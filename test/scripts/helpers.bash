# shellcheck shell=bash
# Shared setup of the script tests: stubs first on PATH, a call log and a state folder per test.
# shellcheck disable=SC2034 # used by the .bats files that load this one
REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"

setup() {
  export PATH="$BATS_TEST_DIRNAME/stubs:$PATH"
  export STUB_LOG="$BATS_TEST_TMPDIR/calls.log"
  export STUB_STATE="$BATS_TEST_TMPDIR/state"
  : >"$STUB_LOG"
  unset API_URL AWS_REGION
}

calls() { cat "$STUB_LOG"; }
count_calls() { grep -c -- "$1" "$STUB_LOG" || true; }

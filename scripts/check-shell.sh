#!/usr/bin/env bash
# Lints the root deployment scripts, their helpers and the test stubs with shellcheck; skipped with a
# notice when shellcheck is not installed (CI installs it: see .ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "notice: shellcheck not installed, shell scripts not linted (apt-get install -y shellcheck)"
  exit 0
fi
shellcheck -x setup-bedrock.sh setup-ab-testing.sh deploy-lambda.sh validate-deployment.sh \
  scripts/check-shell.sh scripts/lib/common.sh test/scripts/helpers.bash test/scripts/stubs/aws test/scripts/stubs/recorder test/scripts/stubs/curl
echo "shellcheck: clean"

#!/usr/bin/env bash
# Installs what the tests need, builds everything, runs every test project, and ends with "N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Services the tests use are installed and started by scripts/test-deps.sh (idempotent; nothing is assumed to be there).
if [ -x scripts/test-deps.sh ]; then
  scripts/test-deps.sh || { echo "test dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }
fi

if ! dotnet build Sluice.slnx -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

log="$(mktemp)"
dotnet test Sluice.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project summaries ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12").
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | sed -E 's/.*Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+).*/\2 \1 \3/' |
  awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"

# The AWS SDK for JavaScript v3 against the emulator (tests/js-sdk; node's runner ends with "# pass N" / "# fail N").
js_log="$(mktemp)"
(cd tests/js-sdk && SLUICE_CLI_DLL="$root/src/Sluice.Cli/bin/Release/net10.0/sluice.dll" node --test --test-reporter=tap) 2>&1 | tee "$js_log"
js_status=${PIPESTATUS[0]}
js_pass=$(grep -E '^# pass [0-9]+$' "$js_log" | tail -1 | awk '{print $3}')
js_fail=$(grep -E '^# fail [0-9]+$' "$js_log" | tail -1 | awk '{print $3}')
rm -f "$js_log"
passed=$((passed + ${js_pass:-0})); failed=$((failed + ${js_fail:-0}))
if [ "$js_status" -ne 0 ] || [ -z "$js_pass" ] || [ "${js_pass:-0}" -eq 0 ]; then
  status=1
  if [ "${js_fail:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ]; then status=1; fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

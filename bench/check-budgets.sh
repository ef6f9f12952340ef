#!/usr/bin/env bash
# Runs the BenchmarkDotNet microbenchmarks (short in-process job, a few minutes) and fails when one allocates more
# bytes per operation than bench/allocation-budgets.json allows.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run -c Release --project bench/Sluice.Benchmarks -- --check-budgets "$root/bench/allocation-budgets.json"

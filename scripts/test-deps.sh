#!/usr/bin/env bash
# Installs what the tests need and is safe to run again: Debian's Chromium for the UI browser tests
# (Playwright drives it through ExecutablePath; Playwright never downloads a browser of its own), and PostgreSQL and
# Redis for the storage and scale-out tests (the tests start servers of their own on 127.0.0.1 in temporary
# directories and stop them; nothing here starts a server).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's wrapper script prints a harmless shell warning on stderr; only the version matters here.
/usr/bin/chromium --version 2>/dev/null

# The AWS SDK for JavaScript tests' packages, exactly as tests/js-sdk/package-lock.json pins them; npm ci runs again
# only when the lock file is newer than the last install (npm writes node_modules/.package-lock.json).
js_sdk="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/js-sdk"
if [ ! -f "$js_sdk/node_modules/.package-lock.json" ] || [ "$js_sdk/package-lock.json" -nt "$js_sdk/node_modules/.package-lock.json" ]; then
  (cd "$js_sdk" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The catalogue generator's package (@pydantic/genai-prices), for the test that regenerates the Bedrock catalogue.
catalogue="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/catalogue"
if [ ! -f "$catalogue/node_modules/.package-lock.json" ] || [ "$catalogue/package-lock.json" -nt "$catalogue/node_modules/.package-lock.json" ]; then
  (cd "$catalogue" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# The Claude Code CLI for the test that runs it against the gateway (tests/claude-code/package-lock.json pins it; the
# package's native binary comes in a platform-specific optional dependency, so npm must not skip optional ones).
claude_code="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/claude-code"
if [ ! -f "$claude_code/node_modules/.package-lock.json" ] || [ "$claude_code/package-lock.json" -nt "$claude_code/node_modules/.package-lock.json" ]; then
  (cd "$claude_code" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
"$claude_code/node_modules/.bin/claude" --version >/dev/null

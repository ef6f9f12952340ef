#!/usr/bin/env bash
# The load suite in one command: builds Release, starts the mock upstream, Sluice and Portkey, runs warm-up and
# interleaved rounds of {direct, sluice, portkey} for every figure, writes bench/results/latest.{json,md} and prints the table.
#
#   bench/run.sh [--quick] [--smoke] [--no-sluice] [--no-portkey] [--out DIR] [--nice N]
#
# --smoke starts everything, checks that each gateway answers one chat call, and stops without running the suite.
# --nice -10 runs the mock, both gateways and the driver at that (equal) priority, to keep other work on a shared
# machine from dominating p99 values; it needs root for negative values.
#
# Ports (loopback only): mock 19080 and 80 (Portkey signs its upstream host without a port), Sluice 19090, Portkey 19087;
# BENCH_MOCK_PORT, BENCH_SLUICE_PORT and BENCH_PORTKEY_PORT change the first three. BENCH_SLUICE_ARGS adds options to
# `sluice serve` (e.g. --no-metrics, to measure what metrics cost).
#
# Limits: Sluice's configuration holds a per-user requests-per-minute rule far above any rate the suite sends, so every
# call makes a real limit check and none is refused; BENCH_LIMITS=0 leaves it out. BENCH_REDIS=1 starts a redis-server
# on a free loopback port (from 19379) and gives Sluice --redis, so the limit counters live in Redis.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
cd "$root"

quick=0; smoke=0; sluice=1; portkey=1; out="$bench/results"; prio=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --smoke) smoke=1 ;;
    --no-sluice) sluice=0 ;;
    --no-portkey) portkey=0 ;;
    --out) out="$2"; shift ;;
    --nice) prio=(nice -n "$2"); shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mock_port=${BENCH_MOCK_PORT:-19080}; sluice_port=${BENCH_SLUICE_PORT:-19090}; portkey_port=${BENCH_PORTKEY_PORT:-19087}
limits=${BENCH_LIMITS:-1}; redis=${BENCH_REDIS:-0}
portkey_version=1.15.2
work="$(mktemp -d /tmp/sluice-bench.XXXXXX)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "[bench] $*" >&2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # url, seconds, [extra curl args...]
  local url="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    if curl -sf -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.1
  done
  return 1
}

# Many concurrently open streams need more descriptors than the default.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

ports=("$mock_port"); mock_ports=(--port "$mock_port")
[ "$sluice" = 1 ] && ports+=("$sluice_port")
[ "$portkey" = 1 ] && { ports+=(80 "$portkey_port"); mock_ports+=(--port 80); }
for p in "${ports[@]}"; do
  port_free "$p" || { echo "port $p is busy; stop whatever listens there first" >&2; exit 1; }
done

log "building (Release)"
dotnet build "$bench/Sluice.Bench.Mock/Sluice.Bench.Mock.csproj" -c Release -o "$root/artifacts/bench/mock" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build "$bench/Sluice.Bench.Load/Sluice.Bench.Load.csproj" -c Release -o "$root/artifacts/bench/load" -nologo -v quiet -clp:ErrorsOnly >&2
if [ "$sluice" = 1 ]; then
  # Same build as the root ./sluice script, but always Release and always fresh.
  dotnet build "$root/src/Sluice.Cli/Sluice.Cli.csproj" -c Release -o "$root/artifacts/cli" -nologo -v quiet -clp:ErrorsOnly >&2
fi

if [ "$portkey" = 1 ]; then
  pk="$bench/.portkey"
  pkjson="$pk/node_modules/@portkey-ai/gateway/package.json"
  if [ ! -f "$pkjson" ] || ! grep -q "\"version\": \"$portkey_version\"" "$pkjson"; then
    log "installing @portkey-ai/gateway@$portkey_version into bench/.portkey"
    mkdir -p "$pk"
    npm install --prefix "$pk" --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$portkey_version" >&2
  fi
fi

log "starting the mock on ${mock_ports[*]}"
"${prio[@]}" dotnet "$root/artifacts/bench/mock/Sluice.Bench.Mock.dll" "${mock_ports[@]}" >"$work/mock.log" 2>&1 &
mock_pid=$!; pids+=("$mock_pid")
wait_http "http://127.0.0.1:$mock_port/_mock/health" 30 || { cat "$work/mock.log" >&2; exit 1; }

model_id="anthropic.claude-3-haiku-20240307-v1:0"
targets="{\"name\":\"direct\",\"url\":\"http://127.0.0.1:$mock_port/v1/chat/completions\",\"model\":\"mock\"}"

if [ "$sluice" = 1 ]; then
  token="sk-bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  cat >"$work/manifest.yaml" <<EOF
name: mock
type: provider-account/aws-bedrock
region: us-east-1
auth_data:
  type: access-key-based
  access_key_id: AKIDBENCHMOCK00000000
  secret_access_key: bench-mock-secret-not-verified
endpoint_url: http://127.0.0.1:$mock_port
integrations:
  - name: bench
    type: integration/model/bedrock
    model_id: $model_id
    model_types: [chat]
EOF
  if [ "$limits" = 1 ]; then
    # Never refuses (the suite peaks at 5,000 req/s = 300,000 a minute), but every call is checked and counted.
    cat >>"$work/manifest.yaml" <<EOF
---
name: bench-limits
type: gateway-rate-limiting-config
rules:
  - {id: per-user-rpm, when: {}, limit_to: 100000000, unit: requests_per_minute, rate_limit_applies_per: [user]}
EOF
  fi
  redis_args=()
  if [ "$redis" = 1 ]; then
    command -v redis-server >/dev/null || { echo "redis-server is missing (scripts/test-deps.sh installs it)" >&2; exit 1; }
    redis_port=19379
    while ! port_free "$redis_port"; do redis_port=$((redis_port + 1)); done
    log "starting redis-server on $redis_port"
    "${prio[@]}" redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no >"$work/redis.log" 2>&1 &
    pids+=("$!")
    for _ in $(seq 1 50); do port_free "$redis_port" || break; sleep 0.1; done
    if port_free "$redis_port"; then cat "$work/redis.log" >&2; exit 1; fi
    redis_args=(--redis "127.0.0.1:$redis_port")
  fi
  log "starting Sluice on $sluice_port (limits: $([ "$limits" = 1 ] && echo on || echo off), counters: $([ "$redis" = 1 ] && echo redis || echo memory))"
  mkdir -p "$work/sluice-data"
  SLUICE_ADMIN_TOKEN="$token" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    "${prio[@]}" dotnet "$root/artifacts/cli/sluice.dll" serve --host 127.0.0.1 --port "$sluice_port" --data-dir "$work/sluice-data" --config "$work/manifest.yaml" \
    "${redis_args[@]}" ${BENCH_SLUICE_ARGS:-} >"$work/sluice.log" 2>&1 &
  sluice_pid=$!; pids+=("$sluice_pid")
  body="{\"model\":\"mock/bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
  if ! wait_http "http://127.0.0.1:$sluice_port/v1/chat/completions" 90 -X POST -H "Authorization: Bearer $token" \
       -H 'Content-Type: application/json' -d "$body"; then
    log "Sluice did not answer a chat request; its log:"; tail -50 "$work/sluice.log" >&2
    curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
      "http://127.0.0.1:$sluice_port/v1/chat/completions" >&2 || true
    exit 1
  fi
  if [ "$limits" = 1 ]; then
    # The limit is really checked: the answer carries its headers, and the counters are where they should be.
    headers="$(curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" \
      "http://127.0.0.1:$sluice_port/v1/chat/completions")"
    grep -qi '^x-ratelimit-limit-requests: 100000000' <<<"$headers" || { log "no x-ratelimit headers from Sluice:"; echo "$headers" >&2; exit 1; }
    log "limit counters: $(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$sluice_port/api/v1/limits/status" | grep -o '"store":"[a-z]*"')"
  fi
  targets="$targets,{\"name\":\"sluice\",\"url\":\"http://127.0.0.1:$sluice_port/v1/chat/completions\",\"model\":\"mock/bench\",\"pid\":$sluice_pid,\"headers\":{\"Authorization\":\"Bearer $token\"}}"
fi

if [ "$portkey" = 1 ]; then
  log "starting Portkey $portkey_version on $portkey_port"
  # Run node directly (not npx) so the pid we measure is the gateway itself.
  NODE_ENV=production "${prio[@]}" node "$bench/.portkey/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$portkey_port" --headless \
    >"$work/portkey.log" 2>&1 &
  portkey_pid=$!; pids+=("$portkey_pid")
  wait_http "http://127.0.0.1:$portkey_port/" 60 || { cat "$work/portkey.log" >&2; exit 1; }
  # Portkey's Bedrock provider, pointed at the mock by its custom-host header (an allowed loopback host) on port 80.
  pk_headers="\"x-portkey-provider\":\"bedrock\",\"x-portkey-aws-access-key-id\":\"AKIDBENCHMOCK00000000\",\"x-portkey-aws-secret-access-key\":\"bench-mock-secret-not-verified\",\"x-portkey-aws-region\":\"us-east-1\",\"x-portkey-custom-host\":\"http://127.0.0.1\""
  targets="$targets,{\"name\":\"portkey\",\"url\":\"http://127.0.0.1:$portkey_port/v1/chat/completions\",\"model\":\"$model_id\",\"pid\":$portkey_pid,\"headers\":{$pk_headers}}"
fi

if [ "$smoke" = 1 ]; then
  log "smoke run: every process started and answered; not running the suite"
  exit 0
fi

echo "{\"mock\":\"http://127.0.0.1:$mock_port\",\"mock_pid\":$mock_pid,\"targets\":[$targets]}" >"$work/targets.json"
mkdir -p "$out"
args=(suite --config "$work/targets.json" --json "$out/latest.json" --md "$out/latest.md"
      --meta "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
      --meta "portkey=$portkey_version" --meta "host=$(uname -sr)"
      --meta "limits=$([ "$limits" = 1 ] && echo per-user-rpm || echo none)" --meta "limit_counters=$([ "$redis" = 1 ] && echo redis || echo memory)")
[ "$quick" = 1 ] && args+=(--quick)
log "running the suite ($([ "$quick" = 1 ] && echo quick || echo full))"
"${prio[@]}" dotnet "$root/artifacts/bench/load/Sluice.Bench.Load.dll" "${args[@]}"
log "results: $out/latest.json, $out/latest.md"

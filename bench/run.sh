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
# Ports (loopback only): mock 19080 and 80 (Portkey signs its upstream host without a port), mock over TLS 19443,
# Sluice 19090, today's build 19091, Portkey 19087; BENCH_MOCK_PORT, BENCH_MOCK_TLS_PORT, BENCH_SLUICE_PORT,
# BENCH_BASELINE_PORT and BENCH_PORTKEY_PORT change all but port 80. BENCH_SLUICE_ARGS adds options to
# `sluice serve` (e.g. --no-metrics, to measure what metrics cost).
#
# Sluice is called through a one-target virtual model (bench-vm/chat -> mock/bench) with the key of an ordinary user
# who may call it (bench-user@example.com, a token made through the admin API), so the access check is a real caller's.
#
# wrk phases (wrk is installed with apt-get when missing): one connection and 16 connections, for direct, Sluice,
# Portkey, Sluice over a TLS upstream (bench-vm/chat-tls -> the mock's HTTPS listener on BENCH_MOCK_TLS_PORT, 19443;
# the mock's self-signed certificate is trusted through SSL_CERT_FILE) and today's build: BENCH_BASELINE (a commit,
# default 4b6c1fb; `none` leaves it out) built from a temporary `git worktree add --detach` into
# artifacts/bench/baseline and run on BENCH_BASELINE_PORT (19091) with the same manifest.
#
# Limits: Sluice's configuration holds a per-user requests-per-minute rule far above any rate the suite sends, so every
# call makes a real limit check and none is refused; BENCH_LIMITS=0 leaves it out. BENCH_REDIS=1 starts a redis-server
# on a free loopback port (from 19379) and gives Sluice --redis, so the limit counters live in Redis.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
cd "$root"

# The command as typed, with the BENCH_* variables that shaped it, for the report.
command_line="$( { env | grep '^BENCH_' || true; } | sort | tr '\n' ' ')bench/run.sh${*:+ $*}"
quick=0; smoke=0; sluice=1; portkey=1; out="$bench/results"; prio=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --smoke) smoke=1 ;;
    --no-sluice) sluice=0 ;;
    --no-portkey) portkey=0 ;;
    --out) out="$2"; shift ;;
    --nice) prio=(nice -n "$2"); shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
mock_port=${BENCH_MOCK_PORT:-19080}; sluice_port=${BENCH_SLUICE_PORT:-19090}; portkey_port=${BENCH_PORTKEY_PORT:-19087}
mock_tls_port=${BENCH_MOCK_TLS_PORT:-19443}; baseline_port=${BENCH_BASELINE_PORT:-19091}
limits=${BENCH_LIMITS:-1}; redis=${BENCH_REDIS:-0}; baseline=${BENCH_BASELINE:-4b6c1fb}
portkey_version=1.15.2
work="$(mktemp -d /tmp/sluice-bench.XXXXXX)"
pids=()

cleanup() {
  local status=$?
  if [ "$status" != 0 ]; then
    # A failed run says what the processes it started said last (their logs go with the temporary folder).
    for f in "$work"/*.log; do if [ -s "$f" ]; then { echo "--- $(basename "$f") (last lines)"; tail -20 "$f"; } >&2; fi; done
  fi
  if [ -d "$work/baseline-src" ]; then git -C "$root" worktree remove --force "$work/baseline-src" 2>/dev/null || true; fi
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

[ "$sluice" = 1 ] || baseline=none
ports=("$mock_port" "$mock_tls_port"); mock_ports=(--port "$mock_port" --tls-port "$mock_tls_port" --tls-cert-out "$work/mock-cert.pem")
[ "$sluice" = 1 ] && ports+=("$sluice_port")
[ "$baseline" != none ] && ports+=("$baseline_port")
[ "$portkey" = 1 ] && { ports+=(80 "$portkey_port"); mock_ports+=(--port 80); }
for p in "${ports[@]}"; do
  port_free "$p" || { echo "port $p is busy; stop whatever listens there first" >&2; exit 1; }
done

if ! command -v wrk >/dev/null; then
  log "installing wrk (apt-get)"
  apt=(apt-get); [ "$(id -u)" = 0 ] || apt=(sudo apt-get)
  "${apt[@]}" install -y -qq wrk >&2 || { "${apt[@]}" update -qq >&2 && "${apt[@]}" install -y -qq wrk >&2; }
fi

log "building (Release)"
dotnet build "$bench/Sluice.Bench.Mock/Sluice.Bench.Mock.csproj" -c Release -o "$root/artifacts/bench/mock" -nologo -v quiet -clp:ErrorsOnly >&2
dotnet build "$bench/Sluice.Bench.Load/Sluice.Bench.Load.csproj" -c Release -o "$root/artifacts/bench/load" -nologo -v quiet -clp:ErrorsOnly >&2
if [ "$sluice" = 1 ]; then
  # Same build as the root ./sluice script, but always Release and always fresh.
  dotnet build "$root/src/Sluice.Cli/Sluice.Cli.csproj" -c Release -o "$root/artifacts/cli" -nologo -v quiet -clp:ErrorsOnly >&2
fi

if [ "$baseline" != none ]; then
  # Today's build: the commit before issue 17's work, built once per commit (artifacts/bench/baseline/.commit).
  baseline_sha="$(git -C "$root" rev-parse --verify "$baseline^{commit}")"
  baseline_dir="$root/artifacts/bench/baseline"
  if [ "$(cat "$baseline_dir/.commit" 2>/dev/null)" != "$baseline_sha" ]; then
    log "building today's build ($baseline = ${baseline_sha:0:7}) into artifacts/bench/baseline"
    git -C "$root" worktree add --quiet --detach "$work/baseline-src" "$baseline_sha" >&2
    rm -rf "$baseline_dir"
    dotnet build "$work/baseline-src/src/Sluice.Cli/Sluice.Cli.csproj" -c Release -o "$baseline_dir" -nologo -v quiet -clp:ErrorsOnly >&2
    git -C "$root" worktree remove --force "$work/baseline-src"
    echo "$baseline_sha" >"$baseline_dir/.commit"
  fi
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
  bench_user="bench-user@example.com"
  # Two accounts for the same mock model: plain HTTP, and HTTPS like real AWS (the mock's certificate made at start).
  for account in mock mock-tls; do
    if [ "$account" = mock ]; then url="http://127.0.0.1:$mock_port"; else url="https://127.0.0.1:$mock_tls_port"; fi
    cat >>"$work/manifest.yaml" <<YAML
name: $account
type: provider-account/aws-bedrock
region: us-east-1
auth_data:
  type: access-key-based
  access_key_id: AKIDBENCHMOCK00000000
  secret_access_key: bench-mock-secret-not-verified
endpoint_url: $url
integrations:
  - name: bench
    type: integration/model/bedrock
    model_id: $model_id
    model_types: [chat]
---
YAML
  done
  # Callers use a one-target virtual model, with the key of an ordinary user who may call it (not the tenant admin).
  cat >>"$work/manifest.yaml" <<EOF2
type: user
name: $bench_user
---
name: bench-vm
type: provider-account/virtual-model
collaborators: [{subject: "user:$bench_user", role_id: provider-account-access}]
integrations:
  - name: chat
    type: integration/model/virtual
    model_types: [chat]
    routing_config: {type: priority-based-routing, load_balance_targets: [{target: mock/bench, priority: 0}]}
  - name: chat-tls
    type: integration/model/virtual
    model_types: [chat]
    routing_config: {type: priority-based-routing, load_balance_targets: [{target: mock-tls/bench, priority: 0}]}
EOF2
  if [ "$limits" = 1 ]; then
    # Never refuses (the suite peaks at 5,000 req/s = 300,000 a minute), but every call is checked and counted.
    cat >>"$work/manifest.yaml" <<EOF2
---
name: bench-limits
type: gateway-rate-limiting-config
rules:
  - {id: per-user-rpm, when: {}, limit_to: 100000000, unit: requests_per_minute, rate_limit_applies_per: [user]}
EOF2
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

  chat() { # port, key, model: one chat call, headers and body to stdout
    curl -s -D - -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      -d "{\"model\":\"$3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" "http://127.0.0.1:$1/v1/chat/completions"
  }

  # Starts one `sluice serve` (dll, port, name), makes the bench user's key through its admin API and checks that a call
  # is routed through the virtual model (and limited); sets started_pid and user_key.
  start_sluice() {
    local dll="$1" port="$2" name="$3" answer
    log "starting $name on $port (limits: $([ "$limits" = 1 ] && echo on || echo off), counters: $([ "$redis" = 1 ] && echo redis || echo memory))"
    mkdir -p "$work/$name-data"
    # SSL_CERT_FILE: .NET on Linux reads OpenSSL's trust-store variable, so the mock's certificate is trusted like a CA's.
    SSL_CERT_FILE="$work/mock-cert.pem" SLUICE_ADMIN_TOKEN="$token" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      "${prio[@]}" dotnet "$dll" serve --host 127.0.0.1 --port "$port" --data-dir "$work/$name-data" --config "$work/manifest.yaml" \
      "${redis_args[@]}" ${BENCH_SLUICE_ARGS:-} >"$work/$name.log" 2>&1 &
    started_pid=$!; pids+=("$started_pid")
    if ! wait_http "http://127.0.0.1:$port/v1/chat/completions" 90 -X POST -H "Authorization: Bearer $token" \
         -H 'Content-Type: application/json' -d '{"model":"mock/bench","messages":[{"role":"user","content":"hi"}]}'; then
      log "$name did not answer a chat request; its log:"; tail -50 "$work/$name.log" >&2
      chat "$port" "$token" mock/bench >&2 || true
      exit 1
    fi
    answer="$(curl -s -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"name\":\"bench\",\"user\":\"$bench_user\"}" "http://127.0.0.1:$port/api/v1/personal-access-tokens")"
    user_key="$(grep -o '"token":"[^"]*"' <<<"$answer" | cut -d'"' -f4)"
    [ -n "$user_key" ] || { log "$name: no key for $bench_user: $answer"; exit 1; }
    for model in bench-vm/chat bench-vm/chat-tls; do
      real=mock/bench; [ "$model" = bench-vm/chat-tls ] && real=mock-tls/bench
      answer="$(chat "$port" "$user_key" "$model")"
      grep -q '^HTTP/[0-9.]* 200' <<<"$answer" || { log "$name: $model as $bench_user failed:"; echo "$answer" >&2; exit 1; }
      # Routed: the answer names the real model the virtual one resolved to.
      grep -qi "^x-sluice-resolved-model: $real" <<<"$answer" || { log "$name: $model was not routed to $real (x-sluice-resolved-model):"; echo "$answer" >&2; exit 1; }
      if [ "$limits" = 1 ]; then
        # The limit is really checked: the answer carries its headers.
        grep -qi '^x-ratelimit-limit-requests: 100000000' <<<"$answer" || { log "$name: no x-ratelimit headers:"; echo "$answer" >&2; exit 1; }
      fi
    done
    log "$name: bench-vm/chat and bench-vm/chat-tls answer $bench_user, routed to mock/bench and mock-tls/bench"
  }

  start_sluice "$root/artifacts/cli/sluice.dll" "$sluice_port" sluice
  sluice_pid=$started_pid
  if [ "$limits" = 1 ]; then
    log "limit counters: $(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$sluice_port/api/v1/limits/status" | grep -o '"store":"[a-z]*"')"
  fi
  auth="\"headers\":{\"Authorization\":\"Bearer $user_key\"}"
  targets="$targets,{\"name\":\"sluice\",\"url\":\"http://127.0.0.1:$sluice_port/v1/chat/completions\",\"model\":\"bench-vm/chat\",\"pid\":$sluice_pid,$auth}"
  targets="$targets,{\"name\":\"sluice-tls\",\"url\":\"http://127.0.0.1:$sluice_port/v1/chat/completions\",\"model\":\"bench-vm/chat-tls\",\"pid\":$sluice_pid,$auth,\"wrk_only\":true,\"upstream_tls\":true}"
  if [ "$baseline" != none ]; then
    start_sluice "$baseline_dir/sluice.dll" "$baseline_port" sluice-baseline
    targets="$targets,{\"name\":\"sluice-baseline\",\"url\":\"http://127.0.0.1:$baseline_port/v1/chat/completions\",\"model\":\"bench-vm/chat\",\"pid\":$started_pid,\"headers\":{\"Authorization\":\"Bearer $user_key\"},\"wrk_only\":true}"
  fi
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
      --meta "portkey=$([ "$portkey" = 1 ] && echo "$portkey_version" || echo none)" --meta "host=$(uname -sr)"
      --meta "command=$command_line" --meta "baseline=$([ "$baseline" != none ] && echo "${baseline_sha:0:7}" || echo none)"
      --meta "limits=$([ "$limits" = 1 ] && echo per-user-rpm || echo none)" --meta "limit_counters=$([ "$redis" = 1 ] && echo redis || echo memory)")
[ "$quick" = 1 ] && args+=(--quick)
log "running the suite ($([ "$quick" = 1 ] && echo quick || echo full))"
"${prio[@]}" dotnet "$root/artifacts/bench/load/Sluice.Bench.Load.dll" "${args[@]}"
log "results: $out/latest.json, $out/latest.md"

#!/usr/bin/env bash
# Why are some requests slow? Runs wrk with one connection against a running gateway while `perf sched` records every
# context switch, then lists the wake-ups that waited longer than a threshold before they got a CPU, grouped by what
# was running on that CPU just before (the thread that held them up). This is the profile behind the p99 section of
# bench/README.md ("The p99 tail at one connection"). `perf` itself shows up among the culprits.
#
#   bench/sched-profile.sh --url http://127.0.0.1:19090/v1/chat/completions --key sk-... --model bench-vm/chat \
#       [--seconds 5] [--threshold-ms 0.3]
#
# Needs root, perf (Debian: linux-perf) and wrk (Debian: wrk). `<idle>` as the culprit means the CPU was idle and the
# woken thread still waited: the virtual CPU itself was not running (a busy host) or was slow to leave its halt.
set -euo pipefail
url=""; key=""; model=""; seconds=5; threshold=0.3
while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift ;;
    --key) key="$2"; shift ;;
    --model) model="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --threshold-ms) threshold="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$url" ] && [ -n "$model" ] || { echo "--url and --model are required (see --help)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work="$(mktemp -d /tmp/sluice-sched.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cat > "$work/call.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"$model","messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
$( [ -n "$key" ] && printf 'wrk.headers["Authorization"] = "Bearer %s"' "$key" )
done = function(summary, latency, requests)
  io.write(string.format("wrk, 1 connection: %d requests, p50 %d us, p99 %d us, p99.9 %d us\n", summary.requests,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
LUA
wrk -t1 -c1 -d2s -s "$work/call.lua" "$url" > /dev/null # warm-up
wrk -t1 -c1 -d"$((seconds + 2))"s -s "$work/call.lua" "$url" > "$work/wrk.txt" &
wrk_pid=$!
sleep 1
perf sched record -o "$work/sched.data" -- sleep "$seconds" > /dev/null 2>&1
wait "$wrk_pid"
tail -1 "$work/wrk.txt"
perf sched timehist -i "$work/sched.data" 2> /dev/null > "$work/timehist.txt"
# timehist columns: time [cpu] task wait-time sch-delay run-time (ms). The line before a switch-in on the same CPU is
# the task that ran there until then.
awk -v th="$threshold" '
  match($0, /^ *[0-9.]+ +\[[0-9]+\] +/) {
    cpu = $2; delay = $(NF - 1); task = $3; for (i = 4; i <= NF - 3; i++) task = task " " $i; sub(/\[.*/, "", task)
    if (task != "<idle>" && delay + 0 >= th + 0) { who = (cpu in last) ? last[cpu] : "?"; count[who]++; total[who] += delay; all++ }
    last[cpu] = task
  }
  END {
    printf "wake-ups that waited >= %s ms for a CPU: %d; what ran on that CPU just before:\n", th, all
    for (w in count) printf "  %5d wake-ups, %8.1f ms of waiting behind  %s\n", count[w], total[w], w | "sort -n -r"
  }' "$work/timehist.txt"

#!/bin/bash
# Startup and idle footprint of wharfd: for N runs, the time from exec to the first /_ping answer, to the first
# answer of an endpoint served by Jersey (/version), to the first `docker ps` answer (/containers/json, asked once
# /version answered), wharfd's CPU time (user + system, all threads) when /version first answered, and the idle
# RSS 10 s later. Prints each run and medians. On a busy machine the CPU time is the steadier figure: the start is
# CPU-bound on two cores, so what it saves in CPU it saves in wall time once the cores are free.
# usage: bench/startup.sh [runs] [extra wharfd flags...]   (needs a built runtime-assembly/target/wharf)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}; shift || true
dist=runtime-assembly/target/wharf
work=$(mktemp -d /tmp/wharf-bench-XXXX)
# a private default bridge and no nftables table, removed at the end: the bench leaves nothing on the host
trap 'rm -rf "$work"; ip link del wbench1 2>/dev/null || true' EXIT
echo "{}" > "$work/daemon.json"
now_ms() { date +%s%3N; }
pings=(); apis=(); pss=(); rsss=(); cpus=()
ticks=$(getconf CLK_TCK)
for i in $(seq 1 "$runs"); do
  rm -f "$work/run/w.sock"; mkdir -p "$work/run"   # the same exec root each run: later starts reuse its caches
  sock=$work/run/w.sock
  start=$(now_ms)
  "$dist/bin/wharfd" -H "unix://$sock" --data-root "$work/run/data" --exec-root "$work/run/exec" \
    --config-file "$work/daemon.json" --bridge wbench1 --iptables=false "$@" >"$work/run/log" 2>&1 &
  pid=$!
  until curl -sf --unix-socket "$sock" http://wharf/_ping >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { cat "$work/run/log"; exit 1; }; sleep 0.005; done
  ping=$(( $(now_ms) - start ))
  until curl -sf --unix-socket "$sock" http://wharf/version >/dev/null 2>&1; do sleep 0.005; done
  api=$(( $(now_ms) - start ))
  cpu=$(awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' "/proc/$pid/stat")
  curl -sf --unix-socket "$sock" http://wharf/containers/json >/dev/null
  ps=$(( $(now_ms) - start ))
  sleep 10
  rss=$(( $(awk '/VmRSS/{print $2}' /proc/$pid/status) / 1024 ))
  kill -TERM $pid; wait $pid || true
  echo "run $i: first /_ping ${ping} ms, first /version ${api} ms, first ps ${ps} ms, CPU at /version ${cpu} ms, idle RSS ${rss} MiB"
  pings+=("$ping"); apis+=("$api"); pss+=("$ps"); rsss+=("$rss"); cpus+=("$cpu")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median: first /_ping $(median "${pings[@]}") ms, first /version $(median "${apis[@]}") ms," \
  "first ps $(median "${pss[@]}") ms, CPU at /version $(median "${cpus[@]}") ms, idle RSS $(median "${rsss[@]}") MiB"

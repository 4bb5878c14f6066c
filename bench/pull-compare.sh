#!/bin/bash
# The pull row of compare-dockerd.sh alone, with each daemon's CPU time: a ~105 MiB, 5-layer image from Debian's
# docker-registry on 127.0.0.1 (bench/lib/pull-image.sh), pulled by a private wharfd and a private dockerd in turn
# and removed after each pull. Reports per pull the wall time and the CPU time (user + system, reaped children
# included) of wharfd and of dockerd + its containerd; CPU is far steadier than wall time on a busy machine.
# PULL_JFR=FILE records a Java Flight Recording (settings=profile) of wharfd over the pulls into FILE;
# PULL_PROFILE='COMMAND' runs COMMAND WHARFD-PID over the pulls and stops it with SIGINT at the end, e.g.
# PULL_PROFILE='perf record -e cpu-clock -g -o /tmp/pull.perf -p' or PULL_PROFILE='strace -c -f -o /tmp/pull.strace -p'.
# usage: bench/pull-compare.sh [runs]    (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
source bench/lib/two-daemons.sh
source bench/lib/pull-image.sh

# CPU milliseconds of processes so far: utime, stime, cutime, cstime of /proc/PID/stat (after the command name)
cpu_ms() {
  local ticks=0 pid f
  for pid in "$@"; do
    f=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    ticks=$(( ticks + $(awk '{print $12 + $13 + $14 + $15}' <<< "$f") ))
  done
  echo $(( ticks * 1000 / $(getconf CLK_TCK) ))
}
daemon_pids() { if [ "$1" = W ]; then echo "$wpid"; else echo "$dpid $(pgrep -P "$dpid" -x containerd || true)"; fi; }
pull_once() {
  local who=$1 t c pids; pids=$(daemon_pids "$who")
  c=$(cpu_ms $pids); t=$(now_ms)
  $who pull -q "$big" >/dev/null
  echo $(( $(now_ms) - t )) >> "$work/$who.wall"; echo $(( $(cpu_ms $pids) - c )) >> "$work/$who.cpu"
  $who rmi "$big" >/dev/null
}
jcmd=$(dirname "$(readlink -f "/proc/$wpid/exe")")/jcmd   # the daemon's own JDK's
[ -n "${PULL_JFR:-}" ] && "$jcmd" "$wpid" JFR.start name=pull settings=profile filename="$(readlink -f "$PULL_JFR")" >/dev/null
[ -n "${PULL_PROFILE:-}" ] && { $PULL_PROFILE "$wpid" & profiler=$!; sleep 1; }
for _ in $(seq 1 "$runs"); do pull_once W; pull_once D; done
[ -n "${PULL_JFR:-}" ] && "$jcmd" "$wpid" JFR.stop name=pull >/dev/null
[ -n "${PULL_PROFILE:-}" ] && { kill -INT "$profiler"; wait "$profiler" || true; }
# for perf, the JIT's symbols in /tmp/perf-PID.map (left for perf report, which names compiled Java methods by it)
case ${PULL_PROFILE:-} in perf*) "$jcmd" "$wpid" Compiler.perfmap >/dev/null ;; esac
echo "pull of $big, $runs runs each, $(date -u +%FT%TZ)"
echo "| per pull, median | wharf | dockerd | wharf/dockerd |"
echo "|---|---|---|---|"
for m in wall cpu; do
  w=$(median < "$work/W.$m"); d=$(median < "$work/D.$m")
  echo "| $m (ms) | $w | $d | $(ratio "$w" "$d") |"
done
echo "wharf cpu samples: $(tr '\n' ' ' < "$work/W.cpu")/ wall $(tr '\n' ' ' < "$work/W.wall")"
echo "dockerd cpu samples: $(tr '\n' ' ' < "$work/D.cpu")/ wall $(tr '\n' ' ' < "$work/D.wall")"

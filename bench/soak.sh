#!/bin/bash
# Soak by hand: MINUTES of mixed work against a private wharfd and, in the same rounds, a private Debian dockerd
# (run --rm with and without a network, run -d + logs + exec + stop + rm, ps, inspect, a cached build, volumes,
# a user network with connect/disconnect, events), sampling the daemons' own RSS (wharfd; dockerd + containerd)
# once a minute. The work alternates between the two daemons so both see the same load. At the end: the samples,
# the growth from the middle third to the last (the first third is warm-up), a least-squares slope over the last two
# thirds in MiB per 10 minutes, and the RSS after 10 s idle. "Flat" here: the slope under 1 MiB per 10 minutes
# and the last third's median within 5% of the middle third's (a JVM fills its heap in the first minutes).
# usage: bench/soak.sh [minutes=30]   (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
# bridges of its own, so that a short bench may run beside the soak
export BENCH_WHARF_BRIDGE=wsoak0 BENCH_DOCKERD_BRIDGE=wsoakd0 BENCH_DOCKERD_NET=10.252.0.1/24
source bench/lib/two-daemons.sh

rss_mib() {   # the daemon's own processes: wharfd; dockerd and its containerd
  local total=0 pid
  for pid in "$@"; do total=$(( total + $(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) )); done
  echo $(( total / 1024 ))
}
w_rss() { rss_mib "$wpid"; }
d_rss() { rss_mib "$dpid" $(pgrep -P "$dpid" -x containerd || true); }

mkdir -p "$work/ctx"
printf 'FROM busybox\nRUN echo soak > /soak\nCOPY . /ctx\nCMD ["cat", "/soak"]\n' > "$work/ctx/Dockerfile"
for i in $(seq 1 20); do head -c 4096 /dev/urandom > "$work/ctx/f$i"; done

# one round of mixed work against one daemon; every command must succeed
round() {
  local who=$1 n=$2
  $who run --rm --network none busybox true >/dev/null
  $who run --rm busybox sh -c 'echo hi' >/dev/null
  $who run -d --name "soak$n" busybox sh -c 'i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done; sleep 60' >/dev/null
  $who exec "soak$n" true
  $who logs "soak$n" >/dev/null
  $who inspect "soak$n" >/dev/null
  $who ps -a >/dev/null
  $who stop -t 1 "soak$n" >/dev/null
  $who rm "soak$n" >/dev/null
  $who volume create "soakvol$n" >/dev/null
  $who run --rm -v "soakvol$n:/v" --network none busybox sh -c 'echo x > /v/x' >/dev/null
  $who volume rm "soakvol$n" >/dev/null
  $who network create "soaknet$n" >/dev/null
  $who run -d --name "soakn$n" --network "soaknet$n" busybox sleep 30 >/dev/null
  $who network disconnect "soaknet$n" "soakn$n" >/dev/null
  $who rm -f "soakn$n" >/dev/null
  $who network rm "soaknet$n" >/dev/null
  DOCKER_BUILDKIT=0 $who build -q -t soak:latest "$work/ctx" >/dev/null 2>&1
  $who events --since 10s --until 0s >/dev/null
  $who images >/dev/null
}

echo "soak: $minutes min of mixed work, wharf $(W version --format '{{.Server.Version}}') vs dockerd" \
  "$(D version --format '{{.Server.Version}}'), $(date -u +%FT%TZ)"
echo "minute | rounds | wharf RSS MiB | dockerd RSS MiB"
end=$(( $(date +%s) + minutes * 60 )); next=$(( $(date +%s) + 60 )); minute=0; n=0
: > "$work/samples"
while [ "$(date +%s)" -lt "$end" ]; do
  n=$((n + 1)); round W "$n"; round D "$n"
  if [ "$(date +%s)" -ge "$next" ]; then
    minute=$((minute + 1)); next=$((next + 60))
    echo "$minute $(w_rss) $(d_rss)" >> "$work/samples"
    echo "$minute | $n | $(w_rss) | $(d_rss)"
  fi
done
sleep 10
idle_w=$(w_rss); idle_d=$(d_rss)

# growth and slope over the samples after the first third
/usr/bin/python3 - "$work/samples" "$idle_w" "$idle_d" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(rows) < 3:
    sys.exit("too few samples: soak for at least 3 minutes")
third = max(1, len(rows) // 3)
def verdict(col, name, idle):
    first = statistics.median(r[col] for r in rows[third:2 * third])
    last = statistics.median(r[col] for r in rows[-third:])
    tail = rows[third:]
    xs = [r[0] for r in tail]; ys = [r[col] for r in tail]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    den = sum((x - mx) ** 2 for x in xs) or 1
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den * 10
    flat = slope < 1 and last <= first * 1.05
    print(f"{name}: median {first:.0f} MiB in the middle third, {last:.0f} in the last third "
          f"({(last - first) / first * 100:+.1f}%), slope {slope:+.2f} MiB per 10 min, {idle} MiB after 10 s idle: "
          f"{'flat' if flat else 'GROWING'}")
    return flat
ok = verdict(1, "wharf", sys.argv[2])
verdict(2, "dockerd", sys.argv[3])
sys.exit(0 if ok else 1)
PY

#!/bin/bash
# docker build on Wharf next to Debian's dockerd (classic builder, DOCKER_BUILDKIT=0) in one run, same CLI, same
# busybox image, rounds alternating between the two daemons; medians and Wharf/dockerd ratios of:
#   uncached:  a 6-step Dockerfile (FROM busybox, RUN writing 1 MiB, COPY of a 200-file context, ENV, RUN reading
#              the copied files, CMD) built with --no-cache
#   cached:    the same again, every step from the cache
#   one file:  rebuilt after one of the 200 source files changed (each round changes it anew)
#   parallel:  3 stages, two independent ones each `RUN sleep 2`, the last copying from both (--no-cache)
# Targets (issue 12): uncached <= 0.8x, cached <= 0.3x, one file <= 0.5x dockerd; parallel about 2 s, not 4.
# Beside each wall time: the daemon's CPU time per build (utime+stime from /proc/<pid>/stat; wharfd's JVM, dockerd
# plus its containerd), steadier than wall time on a shared machine. Two floors in the same run: `docker run --rm`
# on each daemon (a RUN step's container costs at least that) and the docker CLI's own cost of the cached build
# against a stand-in daemon that answers /build at once (bench/lib/instant-build-daemon.py).
# Warm-up, the same for both daemons before any figure is taken: each builds the 6-step Dockerfile once to fill its
# cache, then WARMUP (default 5) more times from the cache and once with --no-cache, so that the figures are of
# daemons that have run a few builds, not of a JVM that has just started and is still compiling its hot paths.
# usage: bench/build-compare.sh [rounds]    (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
source bench/lib/two-daemons-and-stand-in.sh
echo "wharf $(W version --format '{{.Server.Version}}') vs dockerd $(D version --format '{{.Server.Version}}'), $rounds rounds"

six=$work/six; par=$work/parallel
mkdir -p "$six/src" "$par"
for i in $(seq -w 1 200); do head -c 1024 /dev/urandom | base64 > "$six/src/file-$i.txt"; done
cat > "$six/Dockerfile" <<'DOCKERFILE'
FROM busybox
RUN head -c 1048576 /dev/urandom > /blob
COPY src/ /src/
ENV FILES=200
RUN cat /src/* | wc -c > /total
CMD ["cat", "/total"]
DOCKERFILE
cat > "$par/Dockerfile" <<'DOCKERFILE'
FROM busybox AS left
RUN sleep 2 && echo left > /left
FROM busybox AS right
RUN sleep 2 && echo right > /right
FROM busybox
COPY --from=left /left /left
COPY --from=right /right /right
DOCKERFILE

# build <daemon> <build args...>: quiet, its stderr (the CLI's legacy-builder notice) shown only when it fails
build() {
  local who=$1; shift
  $who build -q "$@" > /dev/null 2> "$work/build.err" || { cat "$work/build.err" >&2; return 1; }
}
# CPU ticks (utime+stime) of a daemon's own processes
cpu_ticks() {
  local pids total=0 pid
  case $1 in W) pids=$wpid ;; D) pids="$dpid $(pgrep -P "$dpid" -x containerd || true)" ;; *) pids=$ipid ;; esac
  for pid in $pids; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done
  echo $total
}
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))
# time_build <file> <daemon> <build args...>: appends the wall time in ms to <file>, the daemon's CPU ms to <file>.cpu
time_build() {
  local file=$1 who=$2 t c; shift 2
  c=$(cpu_ticks "$who"); t=$(now_ms); build "$who" "$@"; echo $(( $(now_ms) - t )) >> "$file"
  echo $(( ($(cpu_ticks "$who") - c) * tick_ms )) >> "$file.cpu"
}
# time_cmd <file> <daemon> <args...>: the wall time of any CLI command
time_cmd() {
  local file=$1 who=$2 t; shift 2
  t=$(now_ms); "$who" "$@" > /dev/null; echo $(( $(now_ms) - t )) >> "$file"
}
for who in W D I; do build $who -t bench:six "$six"; done   # fill both caches
for who in W D; do
  for _ in $(seq 1 "${WARMUP:-5}"); do build $who -t bench:six "$six"; done
  build $who --no-cache -t bench:six "$six"
done
for who in W D; do $who run --rm busybox true; done
for round in $(seq 1 "$rounds"); do
  for who in W D; do
    time_build "$work/$who.uncached" $who --no-cache -t bench:six "$six"
    time_build "$work/$who.cached" $who -t bench:six "$six"
    time_cmd "$work/$who.run" $who run --rm busybox true
  done
  time_build "$work/I.cached" I -t bench:six "$six"
  echo "round $round" >> "$six/src/file-007.txt"
  for who in W D; do
    time_build "$work/$who.onefile" $who -t bench:six "$six"
    time_build "$work/$who.parallel" $who --no-cache -t bench:par "$par"
  done
done
for who in W D; do [ "$($who run --rm bench:six)" = "$(cat "$six"/src/* | wc -c)" ] || { echo "$who built a wrong image" >&2; exit 1; }; done

mean() { awk '{s+=$1} END {printf "%.1f", s/NR}'; }
report() {
  local w d cpu=""; w=$(median < "$work/W.$1"); d=$(median < "$work/D.$1")
  # the mean, not the median: each figure is a multiple of the 10 ms clock tick
  [ -f "$work/W.$1.cpu" ] && cpu=$(printf '   daemon CPU (mean): wharf %s ms, dockerd %s ms' \
    "$(mean < "$work/W.$1.cpu")" "$(mean < "$work/D.$1.cpu")")
  printf '%-44s wharf %6s ms   dockerd %6s ms   ratio %s%s\n' "$2" "$w" "$d" "$(ratio "$w" "$d")" "$cpu"
}
report uncached "6-step build, --no-cache:"
report cached "6-step build, fully cached:"
report onefile "6-step build, one source file changed:"
report parallel "3 stages, two independent 'RUN sleep 2':"
report run "floor: docker run --rm busybox true:"
i=$(median < "$work/I.cached"); d=$(median < "$work/D.cached")
printf '%-44s %6s ms = %s of dockerd'"'"'s cached build (the CLI alone, against a daemon answering at once)\n' \
  "floor: the CLI's own cached build:" "$i" "$(ratio "$i" "$d")"

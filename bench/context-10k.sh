#!/bin/bash
# A fully cached `docker build` of a 10,000-file context (1 KiB files in 100 directories, `COPY . /ctx/`) on Wharf
# next to Debian's dockerd, and what just reading and sending that context costs, in one run (medians, ms):
#   read:         `tar c` of the context piped to /dev/null: every file read once (piped: GNU tar reads no file
#                 content when its archive is /dev/null itself)
#   send:         `tar c | curl` POSTing it to a stand-in daemon that reads the body and answers at once
#                 (bench/lib/instant-build-daemon.py): reading plus the transfer, no daemon work
#   curl, wharf:  the same `tar c | curl` POSTing it to wharfd's /build: the cached build without the CLI
#   CLI floor:    `docker build` against the stand-in daemon: the CLI's own walk, tar and upload
#   wharf/dockerd: `docker build`, fully cached, with each daemon's CPU time per build
# Issue 12: "an unchanged context of 10,000 files must not cost more than reading it once".
# usage: bench/context-10k.sh [rounds]    (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
source bench/lib/two-daemons-and-stand-in.sh

ctx=$work/ctx10k
for d in $(seq -w 0 99); do
  mkdir -p "$ctx/d$d"
  for f in $(seq -w 0 99); do head -c 768 /dev/urandom | base64 -w 0 > "$ctx/d$d/f$f"; done
done
printf 'FROM busybox\nCOPY . /ctx/\n' > "$ctx/Dockerfile"
echo "wharf $(W version --format '{{.Server.Version}}') vs dockerd $(D version --format '{{.Server.Version}}'):" \
  "$(find "$ctx" -type f | wc -l) files, $(du -sk "$ctx" | cut -f1) KiB on disk, $rounds rounds"

build() {
  local who=$1; shift
  $who build -q "$@" > /dev/null 2> "$work/build.err" || { cat "$work/build.err" >&2; return 1; }
}
# post <socket>: the context as the CLI sends it (a tar, chunked) to POST /build; fails unless the build succeeded
post() {
  tar -C "$ctx" -cf - . | curl -sf --unix-socket "$1" -X POST -T - -H 'Expect:' \
    -H 'Content-Type: application/x-tar' 'http://docker/v1.41/build?q=1&t=bench:ctx10k' > "$work/post.out"
  grep -q '"aux"' "$work/post.out" || { cat "$work/post.out" >&2; return 1; }
}
cpu_ticks() {
  local pids total=0 pid
  case $1 in W) pids=$wpid ;; D) pids="$dpid $(pgrep -P "$dpid" -x containerd || true)" ;; esac
  for pid in $pids; do total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done
  echo $total
}
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))
# timed <name> <command...>: appends the wall time in ms to $work/<name>
timed() {
  local name=$1 t; shift
  t=$(now_ms); "$@"; echo $(( $(now_ms) - t )) >> "$work/$name"
}
timed_build() {
  local who=$1 c; c=$(cpu_ticks "$who")
  timed "$who" build "$who" -t bench:ctx10k "$ctx"
  echo $(( ($(cpu_ticks "$who") - c) * tick_ms )) >> "$work/$who.cpu"
}

for who in W D I; do build $who -t bench:ctx10k "$ctx"; done   # fill both caches
for _ in 1 2 3; do build W -t bench:ctx10k "$ctx"; build D -t bench:ctx10k "$ctx"; post "$work/w.sock"; done
for _ in $(seq 1 "$rounds"); do
  timed read sh -c "tar -C '$ctx' -cf - . | cat > /dev/null"
  timed send post "$work/i.sock"
  timed curl post "$work/w.sock"
  timed cli build I -t bench:ctx10k "$ctx"
  timed_build W
  timed_build D
done

mean() { awk '{s+=$1} END {printf "%.1f", s/NR}'; }
r=$(median < "$work/read")
line() { printf '%-52s %6s ms   %5sx reading it once\n' "$1" "$2" "$(ratio "$2" "$r")"; }
line "read: tar c of the context | cat > /dev/null" "$r"
line "send: tar c | curl POST /build, stand-in daemon" "$(median < "$work/send")"
line "curl: tar c | curl POST /build, wharfd (cached)" "$(median < "$work/curl")"
line "CLI floor: docker build, stand-in daemon" "$(median < "$work/cli")"
w=$(median < "$work/W"); d=$(median < "$work/D")
line "docker build, fully cached, wharfd" "$w"
line "docker build, fully cached, dockerd" "$d"
printf 'wharf/dockerd %s; daemon CPU per cached build (mean): wharf %s ms, dockerd %s ms\n' "$(ratio "$w" "$d")" \
  "$(mean < "$work/W.cpu")" "$(mean < "$work/D.cpu")"

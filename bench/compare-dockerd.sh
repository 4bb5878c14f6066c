#!/bin/bash
# Wharf next to Debian's dockerd on this machine, in one run, with the same docker CLI and the same busybox image:
#   run:    median wall time of `docker run --rm --network none busybox true` (N runs each, alternating)
#   bridge: the same on the default bridge network (`docker run --rm busybox true`)
#   logs:   `docker logs` of a container that wrote 50 MiB to stdout
#   burst:  20 concurrent `docker run -d` until all are running
#   pull:   a ~100 MiB, 5-layer image from Debian's docker-registry on 127.0.0.1 (built by dockerd, pushed once)
# Both daemons run on private paths and bridges; dockerd gets no iptables rules (they would take over the host's
# FORWARD policy), which spares it the NAT work Wharf does; both are stopped and their bridges removed at the end.
# usage: bench/compare-dockerd.sh [runs]    (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
stop_registry() { [ -n "${rpid:-}" ] && kill -TERM "$rpid" 2>/dev/null && wait "$rpid" 2>/dev/null || true; }
extra_cleanup=stop_registry
source bench/lib/two-daemons.sh
echo "wharf $(W version --format '{{.Server.Version}}') vs dockerd $(D version --format '{{.Server.Version}}'), $runs runs"

W run --rm --network none busybox true; D run --rm --network none busybox true   # warm up
: > "$work/w.run"; : > "$work/d.run"
for _ in $(seq 1 "$runs"); do
  t=$(now_ms); W run --rm --network none busybox true; echo $(( $(now_ms) - t )) >> "$work/w.run"
  t=$(now_ms); D run --rm --network none busybox true; echo $(( $(now_ms) - t )) >> "$work/d.run"
done
wr=$(median < "$work/w.run"); dr=$(median < "$work/d.run")
echo "run --rm --network none busybox true: wharf ${wr} ms, dockerd ${dr} ms (ratio $(awk "BEGIN{printf \"%.2f\", $wr/$dr}"))"

W run --rm busybox true; D run --rm busybox true   # warm up
: > "$work/w.bridge"; : > "$work/d.bridge"
for _ in $(seq 1 "$runs"); do
  t=$(now_ms); W run --rm busybox true; echo $(( $(now_ms) - t )) >> "$work/w.bridge"
  t=$(now_ms); D run --rm busybox true; echo $(( $(now_ms) - t )) >> "$work/d.bridge"
done
wr=$(median < "$work/w.bridge"); dr=$(median < "$work/d.bridge")
echo "run --rm busybox true (default bridge): wharf ${wr} ms, dockerd ${dr} ms (ratio $(awk "BEGIN{printf \"%.2f\", $wr/$dr}"))"

for who in W D; do
  $who run --name logs50 --network none busybox sh -c 'head -c 52428800 /dev/zero | tr "\0" "x" | fold -w 100' >/dev/null
  t=$(now_ms); bytes=$($who logs logs50 | wc -c); echo $(( $(now_ms) - t )) > "$work/$who.logs"
  echo "$who logs bytes: $bytes" >> "$work/logs.bytes"
  $who rm logs50 >/dev/null
done
wl=$(cat "$work/W.logs"); dl=$(cat "$work/D.logs")
echo "docker logs of 50 MiB: wharf ${wl} ms, dockerd ${dl} ms (ratio $(awk "BEGIN{printf \"%.2f\", $wl/$dl}"))"

burst() {
  local who=$1 t; t=$(now_ms)
  for i in $(seq 1 20); do $who run -d --network none --name "burst$i" busybox sleep 300 >/dev/null & done
  wait
  until [ "$($who ps -q --filter status=running --filter name=burst | wc -l)" -ge 20 ]; do sleep 0.05; done
  echo $(( $(now_ms) - t ))
  $who rm -f $(for i in $(seq 1 20); do echo "burst$i"; done) >/dev/null
}
wb=$(burst W); db=$(burst D)
echo "20 concurrent run -d until running: wharf ${wb} ms, dockerd ${db} ms (ratio $(awk "BEGIN{printf \"%.2f\", $wb/$db}"))"

# pull: a 5-layer image of ~20 MiB random data per layer, served by a local registry
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$work/registry" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 & rpid=$!
mkdir -p "$work/ctx"
{ echo "FROM busybox"; for i in 1 2 3 4 5; do echo "RUN head -c 20971520 /dev/urandom > /layer$i"; done; } > "$work/ctx/Dockerfile"
DOCKER_BUILDKIT=0 D build -q -t "127.0.0.1:$port/bench/big:1" "$work/ctx" >/dev/null
D push "127.0.0.1:$port/bench/big:1" >/dev/null
D rmi "127.0.0.1:$port/bench/big:1" >/dev/null
W rmi busybox >/dev/null; D rmi busybox >/dev/null   # both pull all 6 layers
: > "$work/w.pull"; : > "$work/d.pull"
for _ in 1 2 3; do
  t=$(now_ms); W pull -q "127.0.0.1:$port/bench/big:1" >/dev/null; echo $(( $(now_ms) - t )) >> "$work/w.pull"
  W rmi "127.0.0.1:$port/bench/big:1" >/dev/null
  t=$(now_ms); D pull -q "127.0.0.1:$port/bench/big:1" >/dev/null; echo $(( $(now_ms) - t )) >> "$work/d.pull"
  D rmi "127.0.0.1:$port/bench/big:1" >/dev/null
done
wp=$(median < "$work/w.pull"); dp=$(median < "$work/d.pull")
echo "pull of a 5-layer ~105 MiB image from a local registry (median of 3): wharf ${wp} ms, dockerd ${dp} ms (ratio $(awk "BEGIN{printf \"%.2f\", $wp/$dp}"))"

#!/bin/bash
# Wharf next to Debian's dockerd on this machine, in one run, with the same docker CLI and the same busybox image.
# Every figure of the speed issue, alternating the two daemons so that the VM's drifting speed hits both alike:
#   run:     median wall time of `docker run --rm --network none busybox true` (N runs each)
#   bridge:  the same on the default bridge network (`docker run --rm busybox true`)
#   logs:    `docker logs` of a container that wrote 50 MiB to stdout
#   burst:   20 concurrent `docker run -d` until all are running; rm -f: removing those 20 in one `docker rm -f`
#   ps:      `docker ps -a` with 50 containers (median of N); and the docker CLI's own floor for it: the same
#            command against a stand-in that answers dockerd's list at once (bench/lib/instant-build-daemon.py)
#   pull:    a ~100 MiB, 5-layer image from Debian's docker-registry on 127.0.0.1 (built by dockerd, pushed once)
#   RSS:     the daemons' own processes (wharfd; dockerd + its containerd; no shims, monitors or containers), after
#            10 s idle before the suite and after it
#   ready:   exec of the daemon to its first answered /version and to the first successful `docker ps` (median of 5
#            restarts, each daemon's data root kept)
# Both daemons run on private paths and bridges; dockerd gets no iptables rules (they would take over the host's
# FORWARD policy), which spares it the NAT work Wharf does; both are stopped and their bridges removed at the end.
# usage: bench/compare-dockerd.sh [runs]    (needs runtime-assembly/target/wharf and dockerd from docker.io)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
source bench/lib/two-daemons.sh
echo "wharf $(W version --format '{{.Server.Version}}') vs dockerd $(D version --format '{{.Server.Version}}'), $runs runs, $(date -u +%FT%TZ)"
rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$(ratio "$2" "$3")")"); echo "$1: wharf $2, dockerd $3 (ratio $(ratio "$2" "$3"))"; }

# KiB of resident memory of a process and its named children (dockerd's containerd)
rss_kib() {
  local total=0 pid
  for pid in "$@"; do
    total=$(( total + $(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0) ))
  done
  echo $total
}
daemon_rss_mib() {
  case $1 in
    W) echo $(( $(rss_kib "$wpid") / 1024 )) ;;
    D) echo $(( $(rss_kib "$dpid" $(pgrep -P "$dpid" -x containerd || true)) / 1024 )) ;;
  esac
}

# alternating timings: timed NAME CMD... appends to $work/w.NAME and $work/d.NAME
timed() {
  local name=$1; shift
  local t
  t=$(now_ms); W "$@" >/dev/null; echo $(( $(now_ms) - t )) >> "$work/w.$name"
  t=$(now_ms); D "$@" >/dev/null; echo $(( $(now_ms) - t )) >> "$work/d.$name"
}

W run --rm --network none busybox true; D run --rm --network none busybox true   # warm up
sleep 10
rss_w0=$(daemon_rss_mib W); rss_d0=$(daemon_rss_mib D)
row "RSS idle before the suite (MiB)" "$rss_w0" "$rss_d0"

for _ in $(seq 1 "$runs"); do timed run run --rm --network none busybox true; done
row "run --rm --network none busybox true (ms)" "$(median < "$work/w.run")" "$(median < "$work/d.run")"

W run --rm busybox true; D run --rm busybox true   # warm up
for _ in $(seq 1 "$runs"); do timed bridge run --rm busybox true; done
row "run --rm busybox true, default bridge (ms)" "$(median < "$work/w.bridge")" "$(median < "$work/d.bridge")"

for who in W D; do
  $who run --name logs50 --network none busybox sh -c 'head -c 52428800 /dev/zero | tr "\0" "x" | fold -w 100' >/dev/null
  t=$(now_ms); bytes=$($who logs logs50 | wc -c); echo $(( $(now_ms) - t )) > "$work/$who.logs"
  [ "$bytes" -ge 52428800 ] || { echo "$who logs returned only $bytes bytes" >&2; exit 1; }
  $who rm logs50 >/dev/null
done
row "docker logs of 50 MiB (ms)" "$(cat "$work/W.logs")" "$(cat "$work/D.logs")"

burst() {
  local who=$1 t pids=(); t=$(now_ms)
  for i in $(seq 1 20); do $who run -d --network none --name "burst$i" busybox sleep 300 >/dev/null & pids+=($!); done
  wait "${pids[@]}"   # not a bare wait: the daemons are children of this shell too
  until [ "$($who ps -q --filter status=running --filter name=burst | wc -l)" -ge 20 ]; do sleep 0.05; done
  echo $(( $(now_ms) - t )) > "$work/$who.burst"
  t=$(now_ms)
  $who rm -f $(for i in $(seq 1 20); do echo "burst$i"; done) >/dev/null
  echo $(( $(now_ms) - t )) > "$work/$who.rmf"
}
burst W; burst D
row "20 concurrent run -d until running (ms)" "$(cat "$work/W.burst")" "$(cat "$work/D.burst")"
row "rm -f of those 20 (ms)" "$(cat "$work/W.rmf")" "$(cat "$work/D.rmf")"

for who in W D; do
  for i in $(seq 1 50); do $who create --network none --name "ps$i" busybox true >/dev/null; done
done
W ps -a >/dev/null; D ps -a >/dev/null
for _ in $(seq 1 "$runs"); do timed ps ps -a; done
row "ps -a with 50 containers (ms)" "$(median < "$work/w.ps")" "$(median < "$work/d.ps")"
# the docker CLI's own floor: the same ps -a against a stand-in that answers dockerd's list at once
curl -sf --unix-socket "$work/d.sock" 'http://d/v1.41/containers/json?all=1' > "$work/ps.json"
/usr/bin/python3 bench/lib/instant-build-daemon.py "$work/i.sock" "$work/ps.json" & ipid=$!
until [ -S "$work/i.sock" ]; do sleep 0.05; done
I() { DOCKER_CONFIG=$work/cfg docker -H "unix://$work/i.sock" "$@"; }
I ps -a >/dev/null
for _ in $(seq 1 "$runs"); do
  t=$(now_ms); I ps -a >/dev/null; echo $(( $(now_ms) - t )) >> "$work/i.ps"
  t=$(now_ms); D ps -a >/dev/null; echo $(( $(now_ms) - t )) >> "$work/d.ps2"
done
kill "$ipid"; wait "$ipid" 2>/dev/null || true
row "ps -a floor: an instant stand-in (in the wharf column) vs dockerd (ms)" "$(median < "$work/i.ps")" \
  "$(median < "$work/d.ps2")"
for who in W D; do $who rm $(for i in $(seq 1 50); do echo "ps$i"; done) >/dev/null; done

# pull: a 5-layer image of ~20 MiB random data per layer, served by a local registry
source bench/lib/pull-image.sh
for _ in 1 2 3; do
  timed pull pull -q "$big"
  W rmi "$big" >/dev/null; D rmi "$big" >/dev/null
done
row "pull of a 5-layer ~105 MiB image, median of 3 (ms)" "$(median < "$work/w.pull")" "$(median < "$work/d.pull")"
stop_registry

sleep 10
row "RSS idle after the suite (MiB)" "$(daemon_rss_mib W)" "$(daemon_rss_mib D)"

# ready: restart each daemon, time exec -> first /version answer and -> first successful docker ps
ready() {
  local who=$1 sock=$2 t v p
  t=$(now_ms)
  if [ "$who" = W ]; then start_wharfd; else start_dockerd; fi
  until curl -sf --unix-socket "$sock" http://d/version >/dev/null 2>&1; do sleep 0.005; done
  v=$(( $(now_ms) - t ))
  until $who ps >/dev/null 2>&1; do sleep 0.005; done
  p=$(( $(now_ms) - t ))
  echo "$v" >> "$work/$who.ready"; echo "$p" >> "$work/$who.readyps"
}
stop_daemon() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }
for _ in 1 2 3 4 5; do
  stop_daemon "$wpid"; ready W "$work/w.sock"
  stop_daemon "$dpid"; rm -f "$work/d.sock"; ready D "$work/d.sock"
done
row "ready: exec to first /version, median of 5 (ms)" "$(median < "$work/W.ready")" "$(median < "$work/D.ready")"
row "ready: exec to first docker ps, median of 5 (ms)" "$(median < "$work/W.readyps")" "$(median < "$work/D.readyps")"

echo
echo "| figure | wharf | dockerd | wharf/dockerd |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"

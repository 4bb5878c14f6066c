#!/bin/bash
# Start-up of built Wharf distributions side by side, in one run: each is started and stopped in turn, runs times,
# and the median time from exec to its first answered /version is printed per distribution. One start of each that
# runs 12 s comes first, so that every distribution has its class archive (bin/wharfd keeps it only from a daemon
# that ran 10 s) and the measured starts are not recording runs.
# A distribution written DIR:without=NAME,NAME... is started from a copy of DIR whose bundles/ lacks the jars whose
# names start with those NAMEs: how #10's A/B compares start-up over the same bundle set, without the bundles that
# later issues added (e.g. bench/start-ab.sh 9 /tmp/a/wharf /tmp/b/wharf /tmp/b/wharf:without=wharf-builder,wharf-metrics).
# usage: bench/start-ab.sh runs DIST...     (a DIST is e.g. runtime-assembly/target/wharf of a built checkout)
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,9p "$0"; exit 2; }
runs=$1; shift
work=$(mktemp -d /tmp/wharf-start-ab-XXXX)
dists=()
n=0
for spec in "$@"; do
  n=$((n+1)); dir=${spec%%:without=*}; mkdir -p "$work/$n"; echo '{}' > "$work/$n/daemon.json"
  cp -a "$dir" "$work/$n/dist"; rm -f "$work/$n/dist/lib/"wharf.*.{aot,jsa,tmp,start,ok}
  if [ "$spec" != "$dir" ]; then
    IFS=, read -ra names <<< "${spec#*:without=}"
    for name in "${names[@]}"; do find "$work/$n/dist/bundles" -name "$name*.jar" -delete; done
  fi
  dists+=("$spec")
done
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  for i in $(seq 1 "$n"); do
    ip link del "wsab${i}0" 2>/dev/null || true
    nft delete table inet "wharf_$(printf %s "$work/$i/exec" | sha256sum | cut -c1-8)" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
start() {   # start distribution $1, note the ms to the first /version when $2 is "measure", keep it up $3 s
  local i=$1 t0
  t0=$(date +%s%3N)
  "$work/$i/dist/bin/wharfd" -H "unix://$work/$i/w.sock" --data-root "$work/$i/data" --exec-root "$work/$i/exec" \
    --config-file "$work/$i/daemon.json" --bridge "wsab${i}0" > "$work/$i/log" 2>&1 &
  pid=$!
  until curl -sf --unix-socket "$work/$i/w.sock" http://wharf/version >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$work/$i/log"; exit 1; }; sleep 0.005; done
  [ "$2" = measure ] && echo $(( $(date +%s%3N) - t0 )) >> "$work/$i/times"
  sleep "$3"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
}
for i in $(seq 1 "$n"); do start "$i" warm 12; start "$i" warm 0; done
for r in $(seq 1 "$runs"); do for i in $(seq 1 "$n"); do start "$i" measure 0; done; done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
first=
for i in $(seq 1 "$n"); do
  m=$(median < "$work/$i/times"); first=${first:-$m}
  printf '%-8s ms  %5s x first  %s\n' "$m" "$(awk -v a="$m" -v b="$first" 'BEGIN {printf "%.2f", a / b}')" "${dists[$((i-1))]}"
done

#!/bin/bash
# Wharf at commit A next to Wharf at commit B, in one run (a refactoring must not make anything slower): both
# distributions are built from clean checkouts, both daemons run side by side on private paths and bridges, and
# every workload alternates A and B so that the VM's drifting speed hits both alike. Figures are medians; only
# the ratio B/A means anything.
#   start:   wharfd exec to its first /version answer (daemon restarted each time)
#   run:     docker run --rm --network none busybox true
#   bridge:  docker run --rm busybox true (default bridge)
#   ps:      docker ps -a with 30 containers
#   inspect: docker inspect of one container
#   images:  docker images with 10 tags
#   exec:    docker exec of `true` in a running container
#   create:  docker create + docker rm
#   then wharfd's own CPU time per request (utime+stime of the JVM, all its threads; runc, conmon and the CLI left
#   out), summed over batches that A and B take in turns, the order swapped every round: far steadier than wall
#   time on a busy machine. Batches: 100 GET /containers/json?all=1 and 100 GET /containers/up/json (curl),
#   30 docker exec, and one docker rm -f of 20 running containers (its wall time is shown too)
# usage: bench/ab-commits.sh A B [runs=15]   e.g. bench/ab-commits.sh HEAD~5 HEAD   (MVN overrides the mvn command)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,14p "$0"; exit 2; }
runs=${3:-15}
work=$(mktemp -d /tmp/wharf-ab-XXXX)
declare -A pids
cleanup() {
  for s in a b; do
    # containers outlive their daemon (conmon): remove them before it goes, or they stay running
    [ -n "${pids[$s]:-}" ] && X $s rm -f $(X $s ps -aq 2>/dev/null) >/dev/null 2>&1 || true
    [ -n "${pids[$s]:-}" ] && kill -TERM "${pids[$s]}" 2>/dev/null && wait "${pids[$s]}" 2>/dev/null || true
    ip link del "wab${s}0" 2>/dev/null || true
    nft delete table inet "wharf_$(printf %s "$work/$s/exec" | sha256sum | cut -c1-8)" 2>/dev/null || true
  done
  for s in a b; do git worktree remove --force "$work/src-$s" 2>/dev/null || true; done
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

for s in a b; do
  commit=$([ $s = a ] && echo "$1" || echo "$2")
  git worktree add -q --detach "$work/src-$s" "$commit"
  echo "building $s = $(git -C "$work/src-$s" log --oneline -1 | cut -c1-80)"
  (cd "$work/src-$s" && ${MVN:-mvn} -B -o -q -DskipTests package > "$work/build-$s.log" 2>&1) \
    || { tail -30 "$work/build-$s.log"; exit 1; }
  mkdir -p "$work/$s"; echo '{}' > "$work/$s/daemon.json"
done

start_daemon() {   # prints ms from exec to the first /version answer
  local s=$1 t0
  t0=$(date +%s%3N)
  "$work/src-$s/runtime-assembly/target/wharf/bin/wharfd" -H "unix://$work/$s/w.sock" --data-root "$work/$s/data" \
    --exec-root "$work/$s/exec" --config-file "$work/$s/daemon.json" --bridge "wab${s}0" > "$work/$s/log" 2>&1 &
  pids[$s]=$!
  until curl -sf --unix-socket "$work/$s/w.sock" http://wharf/version >/dev/null 2>&1; do
    kill -0 "${pids[$s]}" 2>/dev/null || { tail -20 "$work/$s/log"; exit 1; }; sleep 0.005; done
  echo $(( $(date +%s%3N) - t0 ))
}
stop_daemon() { kill -TERM "${pids[$1]}"; wait "${pids[$1]}" || true; pids[$1]=; }
X() { local s=$1; shift; DOCKER_CONFIG=$work/cfg docker -H "unix://$work/$s/w.sock" "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }

# timed NAME COMMAND...: runs COMMAND (with $s set to a, then b) $runs times each, alternating, and reports medians
timed() {
  local name=$1; shift
  : > "$work/a.t"; : > "$work/b.t"
  for s in a b; do eval "$@" >/dev/null 2>&1 || true; done   # warm up
  for _ in $(seq 1 "$runs"); do
    for s in a b; do
      local t; t=$(now_ms); eval "$@" >/dev/null; echo $(( $(now_ms) - t )) >> "$work/$s.t"
    done
  done
  report "$name" "$(median < "$work/a.t")" "$(median < "$work/b.t")"
}
report() { printf '%-9s A %7s ms   B %7s ms   B/A %s\n' "$1" "$2" "$3" "$(awk "BEGIN{printf \"%.2f\", $3/$2}")"; }

# start-up first, each daemon restarted alternately (the first start of each records its class archive)
for s in a b; do start_daemon $s >/dev/null; sleep 11; stop_daemon $s; done
: > "$work/a.st"; : > "$work/b.st"
for _ in $(seq 1 5); do for s in a b; do start_daemon $s >> "$work/$s.st"; stop_daemon $s; done; done
echo "wharf A vs wharf B, $runs runs each, alternating"
report start "$(median < "$work/a.st")" "$(median < "$work/b.st")"

scripts/make-busybox-rootfs.sh "$work/rootfs.tar"
for s in a b; do
  start_daemon $s >/dev/null
  X $s import -c 'CMD ["sh"]' "$work/rootfs.tar" busybox:latest >/dev/null
  for i in $(seq 1 10); do X $s tag busybox "busybox:t$i"; done
  for i in $(seq 1 29); do X $s create --network none --name "idle$i" --label n=$i busybox true >/dev/null; done
  X $s run -d --network none --name up busybox sleep 3600 >/dev/null
done
timed run 'X $s run --rm --network none busybox true'
timed bridge 'X $s run --rm busybox true'
timed ps 'X $s ps -a'
timed inspect 'X $s inspect up'
timed images 'X $s images'
timed exec 'X $s exec up true'
timed create 'X $s rm "$(X $s create --network none busybox true)"'

cpu_ticks() { awk '{print $14 + $15}' "/proc/${pids[$1]}/stat"; }
C() { curl -sf --unix-socket "$work/$1/w.sock" "http://wharf$2"; }
batch() {   # batch NAME COUNT COMMAND: runs COMMAND COUNT times on $s, records "NAME side ticks wall_ms COUNT"
  local name=$1 count=$2 t c; shift 2
  c=$(cpu_ticks "$s"); t=$(now_ms)
  for _ in $(seq 1 "$count"); do eval "$@" >/dev/null; done
  echo "$name $s $(( $(cpu_ticks "$s") - c )) $(( $(now_ms) - t )) $count" >> "$work/cpu"
}
: > "$work/cpu"
for round in $(seq 1 "$runs"); do
  for s in $( ((round % 2)) && echo a b || echo b a); do
    batch ps 100 'C $s "/containers/json?all=1"'
    batch inspect 100 'C $s /containers/up/json'
    batch exec 30 'X $s exec up true'
    ids=$(for _ in $(seq 1 20); do X $s run -d --network none busybox sleep 600; done)
    batch rm-f-20 1 'X $s rm -f $ids'
  done
done
cpu_ms() { awk -v n="$1" -v s="$2" -v hz="$(getconf CLK_TCK)" '$1 == n && $2 == s {t += $3; c += $5}
  END {printf "%.2f", t * 1000 / hz / c}' "$work/cpu"; }
wall_ms() { awk -v n="$1" -v s="$2" '$1 == n && $2 == s {print $4 / $5}' "$work/cpu" | median | xargs printf "%.1f"; }
echo "wharfd CPU per request (all rounds), wall time per request (median of the rounds)"
for name in ps inspect exec rm-f-20; do
  printf '%-9s cpu A %6s ms  B %6s ms  B/A %s   wall A %6s ms  B %6s ms  B/A %s\n' "$name" \
    "$(cpu_ms $name a)" "$(cpu_ms $name b)" "$(awk "BEGIN{printf \"%.2f\", $(cpu_ms $name b)/$(cpu_ms $name a)}")" \
    "$(wall_ms $name a)" "$(wall_ms $name b)" "$(awk "BEGIN{printf \"%.2f\", $(wall_ms $name b)/$(wall_ms $name a)}")"
done

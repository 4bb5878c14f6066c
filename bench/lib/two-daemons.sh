# Sourced by the dockerd comparison benches: a private wharfd and a private Debian dockerd side by side (own sockets,
# data and exec roots, bridges; dockerd without iptables rules, which would take over the host's FORWARD policy),
# the same busybox image in both, W/D wrappers of the docker CLI, timing helpers, and a cleanup on exit that stops
# both daemons and removes their bridges, rules and files. Set `extra_cleanup` to a function for more.
# Needs: cd to the repository root, runtime-assembly/target/wharf, dockerd from docker.io.
work=$(mktemp -d /tmp/wharf-cmp-XXXX)
# bridge names and dockerd's bridge subnet: a bench that runs beside another (bench/soak.sh) picks its own
wbridge=${BENCH_WHARF_BRIDGE:-wbench0} dbridge=${BENCH_DOCKERD_BRIDGE:-wbenchd0} dsubnet=${BENCH_DOCKERD_NET:-10.251.0.1/24}
dist=${WHARF_DIST:-runtime-assembly/target/wharf}   # WHARF_DIST: another build to compare
cleanup() {
  [ -n "${extra_cleanup:-}" ] && "$extra_cleanup" || true
  [ -n "${wpid:-}" ] && kill -TERM "$wpid" 2>/dev/null && wait "$wpid" 2>/dev/null || true
  [ -n "${dpid:-}" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null || true
  ip link del "$wbridge" 2>/dev/null || true; ip link del "$dbridge" 2>/dev/null || true
  nft delete table inet "wharf_$(printf %s "$work/wexec" | sha256sum | cut -c1-8)" 2>/dev/null || true
  rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT
echo '{}' > "$work/daemon.json"
# start_wharfd / start_dockerd set wpid / dpid (the cleanup stops whatever they name); benches restart with them
start_wharfd() {
  "$dist/bin/wharfd" -H "unix://$work/w.sock" --data-root "$work/wdata" --exec-root "$work/wexec" \
    --config-file "$work/daemon.json" --bridge "$wbridge" >> "$work/wharfd.log" 2>&1 & wpid=$!
}
# dockerd's default bridge is one of our own too: docker0 may belong to another dockerd (tests run them)
ip link add "$dbridge" type bridge 2>/dev/null || true
ip addr replace "$dsubnet" dev "$dbridge"; ip link set "$dbridge" up
start_dockerd() {
  dockerd -H "unix://$work/d.sock" --data-root "$work/ddata" --exec-root "$work/dexec" --pidfile "$work/d.pid" \
    --iptables=false --ip6tables=false --bridge "$dbridge" >> "$work/dockerd.log" 2>&1 & dpid=$!
}
start_wharfd
start_dockerd
W() { DOCKER_CONFIG=$work/cfg docker -H "unix://$work/w.sock" "$@"; }
D() { DOCKER_CONFIG=$work/cfg docker -H "unix://$work/d.sock" "$@"; }
for _ in $(seq 1 300); do W version >/dev/null 2>&1 && D version >/dev/null 2>&1 && break; sleep 0.1; done
# The first start of a fresh build records the JVM's class archive (bin/wharfd) and runs slower all along while it
# records (profiling for the archive): once it has run long enough for bin/wharfd to keep the archive (its .ok
# marker, after 10 s), stop it, which writes the archive, and start again, so benches measure the daemon as it
# runs from its second start on
if tr '\0' ' ' < "/proc/$wpid/cmdline" | grep -qE 'AOTCacheOutput|ArchiveClassesAtExit'; then
  for _ in $(seq 1 300); do ls "$dist"/lib/wharf.*."$wpid".ok >/dev/null 2>&1 && break; sleep 0.1; done
  kill -TERM "$wpid"; wait "$wpid" 2>/dev/null || true
  start_wharfd
  for _ in $(seq 1 300); do W version >/dev/null 2>&1 && break; sleep 0.1; done
fi
scripts/make-busybox-rootfs.sh "$work/rootfs.tar"
W import -c 'CMD ["sh"]' "$work/rootfs.tar" busybox:latest >/dev/null
W save busybox -o "$work/busybox.tar"; D load -i "$work/busybox.tar" >/dev/null

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }

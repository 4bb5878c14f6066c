# Sourced by the benches after two-daemons.sh: Debian's docker-registry on a free 127.0.0.1 port (stopped by the
# cleanup of two-daemons.sh) holding a 5-layer image of ~20 MiB random data per layer, built by dockerd
# and pushed once; sets $big to its reference. Both daemons then lack busybox, so a pull fetches all 6 layers.
stop_registry() { [ -n "${rpid:-}" ] && kill -TERM "$rpid" 2>/dev/null && wait "$rpid" 2>/dev/null || true; rpid=; }
extra_cleanup=stop_registry
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$work/registry" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 & rpid=$!
mkdir -p "$work/ctx"
{ echo "FROM busybox"; for i in 1 2 3 4 5; do echo "RUN head -c 20971520 /dev/urandom > /layer$i"; done; } > "$work/ctx/Dockerfile"
big=127.0.0.1:$port/bench/big:1
DOCKER_BUILDKIT=0 D build -q -t "$big" "$work/ctx" >/dev/null
D push "$big" >/dev/null
D rmi "$big" >/dev/null
W rmi busybox >/dev/null; D rmi busybox >/dev/null

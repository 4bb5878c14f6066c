#!/bin/bash
# Builds Wharf, installs what the host needs, and starts wharfd on /run/wharf/wharf.sock with a busybox image.
# Afterwards: docker -H unix:///run/wharf/wharf.sock images
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

scripts/install-host-packages.sh
mvn -B -q package -DskipTests

dist=$top/runtime-assembly/target/wharf
sock=/run/wharf/wharf.sock
pidfile=/run/wharf/wharfd.pid
log=${WHARF_LOG:-/var/log/wharfd.log}

# Replace a wharfd started earlier by this script.
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill -TERM "$(cat "$pidfile")"
  for _ in $(seq 1 100); do kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null || break; sleep 0.1; done
fi

mkdir -p /run/wharf "$(dirname "$log")"
# setsid detaches it from the terminal; no nohup: a JVM leaves a signal that is ignored when it starts ignored, so
# under nohup SIGHUP (docker's "daemon reload": daemon.json read again) would do nothing.
setsid "$dist/bin/wharfd" "$@" >>"$log" 2>&1 < /dev/null &
for _ in $(seq 1 300); do
  curl -sf --unix-socket "$sock" http://wharf/_ping >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf --unix-socket "$sock" http://wharf/_ping >/dev/null || { echo "wharfd did not start; see $log" >&2; exit 1; }

docker() { command docker -H "unix://$sock" "$@"; }
if ! docker image inspect busybox >/dev/null 2>&1; then
  tarball=$(mktemp --suffix=.tar)
  scripts/make-busybox-rootfs.sh "$tarball"
  docker import -c 'CMD ["sh"]' -m "busybox from Debian's busybox-static" "$tarball" busybox:latest >/dev/null
  rm -f "$tarball"
fi
echo "wharfd is running (pid $(cat "$pidfile"), log $log). Try:"
echo "  docker -H unix://$sock images"
echo "  docker -H unix://$sock run --rm busybox echo hi"
echo "  docker -H unix://$sock run -d -p 8080:80 busybox httpd -f -p 80"

#!/bin/bash
# Inside throwaway-root.sh: the Debian package's whole life, its maintainer scripts run for real. dpkg -i, the units
# checked with systemd-analyze, wharfd started the way wharf.service's ExecStart runs it (socket activation with
# systemd-socket-activate, readiness on a NOTIFY_SOCKET listener), docker run, dpkg -r (nothing of Wharf may be
# left), dpkg --purge (the data root kept unless asked).
# Files in /tmp: the package (wharf_*_all.deb) and busybox.tar (scripts/make-busybox-rootfs.sh).
set -euo pipefail

ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
deb=$(ls /tmp/wharf_*_all.deb)
ip link set lo up
sock=/run/wharf/wharf.sock
docker() { command docker -H "unix://$sock" "$@"; }
wharf_pids() { grep -ls -- '-Dwharf[.]home=' /proc/[0-9]*/cmdline | sed 's#/proc/\([0-9]*\)/.*#\1#' || true; }

groupdel docker 2>/dev/null || true # so that postinst must make it
dpkg -i "$deb" > /tmp/dpkg-i.out 2>&1 || { cat /tmp/dpkg-i.out; fail "dpkg -i"; }
getent group docker > /dev/null || fail "postinst made no docker group"
[ -x /usr/bin/wharfd ] && [ -f /usr/lib/wharf/lib/wharf-runtime-assembly.jar ] || fail "files missing"
dpkg-query -W -f '${Conffiles}' wharf | grep -q ' /etc/wharf/daemon.json ' || fail "daemon.json is no conffile"
[ -L /etc/systemd/system/sockets.target.wants/wharf.socket ] && [ -L /etc/systemd/system/multi-user.target.wants/wharf.service ] \
    || fail "units not enabled"
ok "dpkg -i: files, docker group, conffile, units enabled"

systemd-analyze verify /lib/systemd/system/wharf.socket /lib/systemd/system/wharf.service > /tmp/verify.out 2>&1 \
    || { cat /tmp/verify.out; fail "systemd-analyze verify"; }
if grep -i wharf /tmp/verify.out; then fail "systemd-analyze verify complains about the units"; fi
ok "systemd-analyze verify"

[ "$(/usr/bin/wharfd --validate)" = "configuration OK" ] || fail "--validate of the shipped daemon.json"
echo '{"log-format": "xml"}' > /tmp/bad.json
if /usr/bin/wharfd --validate --config-file /tmp/bad.json 2> /tmp/validate.err; then fail "--validate took log-format xml"; fi
grep -q 'log-format' /tmp/validate.err || fail "--validate's error does not name the key: $(cat /tmp/validate.err)"
ok "wharfd --validate"

# another daemon's live socket at Docker's path: wharfd refuses to start and leaves it alone
echo '{"docker-compat-socket": true}' > /tmp/compat.json
mkdir -p /run/wharf
/usr/bin/python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.bind("/var/run/docker.sock"); s.listen(); print("up", flush=True); time.sleep(120)' > /tmp/other.out &
other=$!
for _ in $(seq 1 50); do [ -s /tmp/other.out ] && break; sleep 0.1; done
if timeout 60 /usr/bin/wharfd --config-file /tmp/compat.json 2> /tmp/compat.err; then fail "wharfd started over another daemon's socket"; fi
grep -q 'another daemon listens on /var/run/docker.sock' /tmp/compat.err || fail "compat refusal: $(cat /tmp/compat.err)"
[ -S /var/run/docker.sock ] || fail "the other daemon's socket was removed"
kill "$other"; wait "$other" 2>/dev/null || true; rm -f /var/run/docker.sock
ok "docker-compat-socket refused over a live socket"

# as wharf.service runs it, under wharf.socket: the operator's daemon.json asks for the compat socket and JSON logs
# (and vfs: this copy's /var/lib/wharf is on overlayfs, which cannot hold overlay2's upper layers)
printf '{"docker-compat-socket": true, "log-format": "json", "storage-driver": "vfs"}\n' > /etc/wharf/daemon.json
cat > /tmp/notify.py <<'PY'
import socket, subprocess, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("listening", flush=True)
s.settimeout(120)
while True:
    message = s.recv(4096).decode()
    if "READY=1" in message.split("\n"):
        break
# READY=1 must mean the API answers: ask at once, with no retry
r = subprocess.run(["curl", "-sf", "-m", "5", "--unix-socket", sys.argv[2], "http://wharf/version"],
                   capture_output=True, text=True)
print("READY", r.returncode, r.stdout, flush=True)
PY
/usr/bin/python3 /tmp/notify.py /run/notify.sock "$sock" > /tmp/notify.out &
notifier=$!
for _ in $(seq 1 50); do [ -s /tmp/notify.out ] && break; sleep 0.1; done
NOTIFY_SOCKET=/run/notify.sock setsid systemd-socket-activate -l "$sock" -E NOTIFY_SOCKET /usr/bin/wharfd -H fd:// \
    > /tmp/wharfd.out 2> /tmp/wharfd.log < /dev/null &
for _ in $(seq 1 50); do [ -S "$sock" ] && break; sleep 0.1; done
# a client that connects before the daemon answers waits and is answered
early=$(curl -sf -m 120 --unix-socket "$sock" http://wharf/version) || { cat /tmp/wharfd.log; fail "early client"; }
echo "$early" | grep -q '"ApiVersion"' || fail "early client got $early"
ok "an early client on the activated socket was answered"
wait "$notifier" || true
grep -q '^READY 0 .*"ApiVersion"' /tmp/notify.out || { cat /tmp/notify.out; fail "READY=1 before /version answered"; }
ok "READY=1 arrived and /version answered at once"

docker import /tmp/busybox.tar busybox:latest > /dev/null || fail "docker import"
[ "$(docker run --rm busybox echo hi)" = hi ] || { grep -v "tat " /tmp/wharfd.log | tail -15; fail "docker run"; }
[ "$(command docker -H unix:///var/run/docker.sock run --rm --network none busybox echo compat)" = compat ] \
    || fail "docker run through /var/run/docker.sock"
ok "docker run (default bridge, and through the compat socket)"
# systemctl reload wharf: SIGHUP re-reads daemon.json and keeps serving the activated socket
kill -HUP "$(wharf_pids)"
for _ in $(seq 1 100); do grep -q 'configuration reloaded' /tmp/wharfd.log && break; sleep 0.1; done
grep -q 'configuration reloaded' /tmp/wharfd.log || fail "no reload after SIGHUP"
[ "$(docker run --rm --network none busybox echo again)" = again ] || fail "docker run after SIGHUP"
ok "SIGHUP reloads and the activated socket still serves"
# every line wharfd wrote (systemd-socket-activate's own three lines aside) is one JSON object
grep -vE '^(Listening on|Communication attempt|Execing) ' /tmp/wharfd.log | /usr/bin/python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    assert r["level"] and "msg" in r and r["time"], line
    n += 1
assert n > 5, n' || fail "log-format json: $(head -n 5 /tmp/wharfd.log)"
ok "log-format json"

dpkg -r wharf > /tmp/dpkg-r.out 2>&1 || { cat /tmp/dpkg-r.out; fail "dpkg -r"; }
[ -z "$(wharf_pids)" ] || fail "wharfd still runs after dpkg -r: $(wharf_pids)"
! pgrep -x conmon > /dev/null || fail "a conmon still runs"
[ -z "$(ip -o link show type bridge)" ] || fail "bridges left: $(ip -o link show type bridge)"
! nft list tables 2>/dev/null | grep -q wharf || fail "nft tables left: $(nft list tables)"
! grep -E ' /(var/lib|run)/wharf' /proc/self/mountinfo || fail "mounts left"
[ ! -e /usr/lib/wharf ] && [ ! -e /usr/bin/wharfd ] || fail "files left: $(ls -R /usr/lib/wharf 2>&1 | head)"
for left in /var/run/docker.sock "$sock"; do [ ! -e "$left" ] || { tail -n 8 /tmp/wharfd.log; fail "$left left"; }; done
[ -f /etc/wharf/daemon.json ] || fail "remove took the operator's daemon.json"
ok "dpkg -r leaves no processes, bridges, nft tables, mounts or files"

dpkg --purge wharf > /tmp/dpkg-purge.out 2>&1 || { cat /tmp/dpkg-purge.out; fail "dpkg --purge"; }
[ ! -e /etc/wharf ] || fail "purge left /etc/wharf"
[ -d /var/lib/wharf/image ] || fail "purge removed the data root unasked"
dpkg -i "$deb" > /dev/null 2>&1 || fail "dpkg -i again"
WHARF_PURGE_DATA=1 dpkg --purge wharf > /dev/null 2>&1 || fail "dpkg --purge with WHARF_PURGE_DATA=1"
[ ! -e /var/lib/wharf ] || fail "WHARF_PURGE_DATA=1 kept the data root"
ok "dpkg --purge keeps /var/lib/wharf unless WHARF_PURGE_DATA=1"
echo "package lifecycle complete"

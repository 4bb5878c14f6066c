# Sourced by the build benchmarks: Wharf and dockerd side by side (two-daemons.sh) plus the stand-in daemon that
# answers /build at once (instant-build-daemon.py), so the docker CLI's own cost is measured in the same run (I).
stop_instant() { [ -n "${ipid:-}" ] && kill -TERM "$ipid" 2>/dev/null && wait "$ipid" 2>/dev/null || true; }
extra_cleanup=stop_instant
source bench/lib/two-daemons.sh
/usr/bin/python3 bench/lib/instant-build-daemon.py "$work/i.sock" & ipid=$!
I() { DOCKER_CONFIG=$work/cfg docker -H "unix://$work/i.sock" "$@"; }
export DOCKER_BUILDKIT=0

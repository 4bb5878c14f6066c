#!/bin/bash
# Installs what Wharf needs on a Debian host: a JDK and Maven to build it, runc/conmon/tini to run containers,
# busybox-static for the local busybox image, nftables for the bridge driver, gcc and libc6-dev for the static
# attacker programs the hardening tests build, strace for the tests that watch system calls, docker-registry and
# apache2-utils (htpasswd) for the distribution tests, python3-docker (docker-py, run by /usr/bin/python3) and
# python3-websocket (its attach_socket(ws=True)) for the Python client tests, docker-compose (1.29, Python) for
# the compose tests, prometheus (its server scrapes the metrics endpoint in a test), tmux for the tests that type
# into the docker CLI on a terminal (detach keys), the docker CLI, systemd (not run: systemd-analyze and
# systemd-socket-activate, for the package and service tests; systemd-journald, which the journald log driver test
# starts on private paths) and rsyslog (its rsyslogd, which the syslog log driver test starts on a private
# configuration; its service stays stopped).
set -euo pipefail

packages=(openjdk-17-jdk-headless maven curl ca-certificates busybox-static runc conmon tini iproute2 nftables docker-registry apache2-utils openssl procps gcc libc6-dev strace python3-docker python3-websocket docker-compose prometheus tmux systemd rsyslog)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's docker.io: the docker CLI if there is none (any docker binary will do), and dockerd, which the
# interoperability tests and bench/compare-dockerd.sh run beside Wharf on private paths (its service stays stopped).
need_cli=false
command -v docker >/dev/null 2>&1 || need_cli=true
[ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ] || need_cli=true
# Nothing this run installs may start: Debian's docker-registry would serve :5000 and dockerd would rewrite
# iptables, while Wharf's tests start their own on private paths. A policy-rc.d that refuses every start (exit 101;
# invoke-rc.d and deb-systemd-invoke honour it) holds them while apt installs, and an operator's own policy-rc.d
# is put back afterwards. Services that ran before keep running: this script never stops anything.
policy=/usr/sbin/policy-rc.d
saved_policy=
restore_policy() {
  if [ -n "$saved_policy" ]; then
    mv -f "$saved_policy" "$policy"
  else
    rm -f "$policy"
  fi
}
installed_before() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if [ ${#missing[@]} -gt 0 ] || $need_cli; then
  export DEBIAN_FRONTEND=noninteractive
  # the services of packages this run brings are also not enabled for the next boot; the operator's stay as they are
  declare -A units=([docker-registry]="docker-registry" [docker.io]="docker.socket docker" [containerd]="containerd"
    [prometheus]="prometheus" [prometheus-node-exporter]="prometheus-node-exporter" [rsyslog]="rsyslog")
  brought=()
  for pkg in "${!units[@]}"; do installed_before "$pkg" || brought+=("$pkg"); done
  if [ -e "$policy" ]; then
    saved_policy=$(mktemp /usr/sbin/.policy-rc.d.XXXXXX)
    cp -p "$policy" "$saved_policy"
  fi
  trap restore_policy EXIT
  printf '#!/bin/sh\n# written by scripts/install-host-packages.sh while it installs: start nothing\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  apt-get update -q
  [ ${#missing[@]} -eq 0 ] || apt-get install -y -q "${missing[@]}"
  if $need_cli; then
    apt-get install -y -q docker.io
  fi
  restore_policy
  trap - EXIT
  if command -v systemctl >/dev/null 2>&1; then
    for pkg in "${brought[@]}"; do
      if installed_before "$pkg"; then
        # shellcheck disable=SC2086 # a list of unit names
        systemctl disable ${units[$pkg]} >/dev/null 2>&1 || true
      fi
    done
  fi
fi
exit 0

#!/bin/bash
# Installs what Wharf needs on a Debian host: a JDK and Maven to build it, runc/conmon/tini to run containers,
# busybox-static for the local busybox image, nftables for the bridge driver, gcc and libc6-dev for the static
# attacker programs the hardening tests build, strace for the tests that watch system calls, docker-registry and
# apache2-utils (htpasswd) for the distribution tests, python3-docker (docker-py, run by /usr/bin/python3) for the
# Python client tests, docker-compose (1.29, Python) for the compose tests, prometheus (its server scrapes the
# metrics endpoint in a test), tmux for the tests that type into the docker CLI on a terminal (detach keys), and the
# docker CLI.
set -euo pipefail

packages=(openjdk-17-jdk-headless maven curl ca-certificates busybox-static runc conmon tini iproute2 nftables docker-registry apache2-utils openssl procps gcc libc6-dev strace python3-docker docker-compose prometheus tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's docker.io: the docker CLI if there is none (any docker binary will do), and dockerd, which the
# interoperability tests and bench/compare-dockerd.sh run beside Wharf on private paths (its service stays stopped).
need_cli=false
command -v docker >/dev/null 2>&1 || need_cli=true
[ -x /usr/sbin/dockerd ] || [ -x /usr/bin/dockerd ] || need_cli=true
if [ ${#missing[@]} -gt 0 ] || $need_cli; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  [ ${#missing[@]} -eq 0 ] || apt-get install -y -q "${missing[@]}"
  if $need_cli; then
    apt-get install -y -q docker.io
  fi
  # What we just installed may have started services (Debian's docker-registry on :5000, dockerd, which
  # rewrites iptables); Wharf's tests start their own on loopback, so stop the ones this run brought.
  if command -v systemctl >/dev/null 2>&1; then
    for svc in docker-registry docker containerd prometheus prometheus-node-exporter; do
      systemctl stop "$svc" 2>/dev/null || true
      systemctl disable "$svc" 2>/dev/null || true
    done
  fi
fi
exit 0

#!/bin/bash
# Runs INNER-SCRIPT as root in a throwaway copy of this host: an overlay over / whose writes go to a tmpfs, in
# private mount, network and PID namespaces, with fresh /proc, /sys, /run and /tmp. dpkg's database, /etc, units,
# /run and the network seen inside are the copy's, and every process started inside ends with the script (it is
# PID 1 there). The FILEs are copied to the copy's /tmp. Used by tests of what installs on a host.
# Usage: throwaway-root.sh INNER-SCRIPT [FILE...]
set -euo pipefail

if [ "${1:-}" = --namespaced ]; then
    scratch=$2 inner=$3
    shift 3
    mount --make-rprivate /
    mount -t tmpfs -o size=3g tmpfs "$scratch"
    mkdir "$scratch"/{upper,work,root}
    root=$scratch/root
    mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$root"
    mount -t proc proc "$root/proc"
    mount -t sysfs sysfs "$root/sys"                  # this network namespace's view of the links
    mount --rbind /sys/fs/cgroup "$root/sys/fs/cgroup" # runc puts containers in cgroups
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/run"
    mount -t tmpfs tmpfs "$root/tmp"
    cp "$inner" "$root/tmp/inner.sh"
    for file in "$@"; do cp "$file" "$root/tmp/"; done
    exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 /bin/bash /tmp/inner.sh
fi

inner=$(readlink -f "$1")
shift
files=()
for file in "$@"; do files+=("$(readlink -f "$file")"); done
scratch=$(mktemp -d /tmp/wharf-throwaway-XXXXXX)
trap 'rmdir "$scratch"' EXIT
unshare --mount --net --pid --fork "$(readlink -f "$0")" --namespaced "$scratch" "$inner" "${files[@]}"

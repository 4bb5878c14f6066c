#!/bin/bash
# Inside throwaway-root.sh: scripts/install-host-packages.sh on a host where docker-registry (whose package starts
# its service) is not installed yet and the operator has a policy-rc.d of their own that allows starts. Nothing
# the script installs may start, and the operator's policy-rc.d must be back afterwards. There is no network in
# here: apt-get is a stand-in that installs the downloaded docker-registry package with dpkg.
set -euo pipefail
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive
registry_deb=$(ls /tmp/docker-registry_*.deb)
running() { pgrep -x docker-registry > /dev/null; }

# removed as if never installed (its prerm's stop fails when the registry does not run, which would stop dpkg)
forget_registry() {
    rm -f /var/lib/dpkg/info/docker-registry.prerm
    dpkg --purge docker-registry > /tmp/purge.out 2>&1 || { cat /tmp/purge.out; fail "dpkg --purge docker-registry"; }
    ! dpkg-query -W -f='${Status}' docker-registry 2>/dev/null | grep -q "install ok installed" || fail "still installed"
}
forget_registry
printf "#!/bin/sh\n# the operator's own\nexit 0\n" > /usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d
mkdir -p /usr/local/sbin
cat > /usr/local/sbin/apt-get <<APT
#!/bin/sh
case "\$1" in
update) exit 0 ;;
install) exec dpkg -i "$registry_deb" ;;
esac
exit 1
APT
chmod 755 /usr/local/sbin/apt-get

bash /tmp/install-host-packages.sh > /tmp/install.out 2>&1 || { cat /tmp/install.out; fail "install-host-packages.sh"; }
dpkg-query -W -f='${Status}' docker-registry | grep -q "install ok installed" || fail "docker-registry not installed"
sleep 1
! running || fail "install-host-packages.sh let docker-registry start"
grep -q "the operator's own" /usr/sbin/policy-rc.d || fail "the operator's policy-rc.d was not put back"
ok "nothing started, the operator's policy-rc.d is back"

# the control: the same installation under the operator's policy starts the registry, so the check above can fail
forget_registry
dpkg -i "$registry_deb" > /tmp/control.out 2>&1 || { cat /tmp/control.out; fail "control: dpkg -i"; }
for _ in $(seq 1 50); do running && break; sleep 0.1; done
running || fail "control: docker-registry did not start even without the script's policy"
ok "control: without it the registry starts"

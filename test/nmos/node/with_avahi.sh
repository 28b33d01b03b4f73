#!/bin/sh
# Runs a test binary beside a private avahi-daemon: its own D-Bus system bus (socket in a temporary folder,
# handed over through DBUS_SYSTEM_BUS_ADDRESS) and its own network namespace with one end of a veth
# pair, so nothing leaks onto the machine's network or its system bus. Exits 77 (meson: SKIP)
# saying why when that cannot be set up.
set -u
test_binary="$1"
shift

skip() {
  echo "skipped: $*"
  exit 77
}

[ "$(id -u)" = 0 ] || skip "a network namespace needs root"
for tool in ip dbus-daemon avahi-daemon; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done

work=$(mktemp -d /tmp/crosspoint-mdns-XXXXXX)
namespace="crosspoint-mdns-$$"
dbus_pid=""
avahi_pid=""
cleanup() {
  [ -n "$avahi_pid" ] && kill "$avahi_pid" 2>/dev/null
  [ -n "$dbus_pid" ] && kill "$dbus_pid" 2>/dev/null
  wait 2>/dev/null
  ip netns del "$namespace" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$namespace" 2>/dev/null || skip "cannot create a network namespace"
ip -n "$namespace" link set lo up
# A veth pair: avahi uses one end; the other only gives it a carrier.
ip -n "$namespace" link add mdns0 type veth peer name mdns1 || skip "cannot create a veth pair"
ip -n "$namespace" addr add 10.203.0.1/24 dev mdns0
ip -n "$namespace" link set mdns0 up
ip -n "$namespace" link set mdns1 up

cat > "$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile >"$work/dbus.log" 2>&1 &
dbus_pid=$!
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/system_bus_socket"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [ -S "$work/system_bus_socket" ] && break
  sleep 0.2
done
[ -S "$work/system_bus_socket" ] || skip "private D-Bus did not start: $(cat "$work/dbus.log")"

cat > "$work/avahi.conf" <<CONF
[server]
host-name=crosspoint-mdns-test
use-ipv4=yes
use-ipv6=no
allow-interfaces=mdns0
enable-dbus=yes
ratelimit-interval-usec=0
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
CONF
ip netns exec "$namespace" avahi-daemon --no-drop-root --no-chroot --no-rlimits -f "$work/avahi.conf" \
  >"$work/avahi.log" 2>&1 &
avahi_pid=$!
sleep 1
kill -0 "$avahi_pid" 2>/dev/null || skip "avahi-daemon did not start: $(tail -3 "$work/avahi.log")"

# The test binary fails, not skips, when it cannot reach this daemon.
CROSSPOINT_PRIVATE_AVAHI=1 ip netns exec "$namespace" "$test_binary" "$@"

#!/bin/bash
# Regenerates kernel-packets.pcap: real Linux-kernel IP packets (ping, ping6, a TCP handshake with data
# and close, UDP) captured on a wireguard-go TUN inside throwaway namespaces. A TUN device has no
# checksum offload, so the captured packets carry the checksums the kernel computed.
# Needs root + Debian packages wireguard-go wireguard-tools tcpdump netcat-openbsd iputils-ping.
set -euo pipefail
OUT=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d); cd "$D"
for n in s c; do wg genkey > $n.key; wg pubkey < $n.key > $n.pub; done
cleanup() { kill $(cat *.pid 2>/dev/null) 2>/dev/null || true; ip netns del tcpg-s 2>/dev/null || true; ip netns del tcpg-c 2>/dev/null || true; }
trap cleanup EXIT
ip netns add tcpg-s; ip netns add tcpg-c
wireguard-go -f tcpgs0 > s.log 2>&1 & echo $! > s.pid
wireguard-go -f tcpgc0 > c.log 2>&1 & echo $! > c.pid
for _ in $(seq 100); do [ -S /var/run/wireguard/tcpgs0.sock ] && [ -S /var/run/wireguard/tcpgc0.sock ] && break; sleep 0.05; done
wg set tcpgs0 private-key s.key listen-port 51941 peer "$(cat c.pub)" allowed-ips 100.64.99.2/32,fd00:99::2/128
wg set tcpgc0 private-key c.key listen-port 51942 peer "$(cat s.pub)" allowed-ips 100.64.99.0/24,fd00:99::/64 endpoint 127.0.0.1:51941
ip link set tcpgs0 netns tcpg-s; ip link set tcpgc0 netns tcpg-c
ip -n tcpg-s addr add 100.64.99.1/24 dev tcpgs0; ip -n tcpg-s addr add fd00:99::1/64 dev tcpgs0 nodad
ip -n tcpg-c addr add 100.64.99.2/24 dev tcpgc0; ip -n tcpg-c addr add fd00:99::2/64 dev tcpgc0 nodad
ip -n tcpg-s link set tcpgs0 mtu 1420 up; ip -n tcpg-c link set tcpgc0 mtu 1420 up
ip -n tcpg-s link set lo up; ip -n tcpg-c link set lo up
sleep 1
ip netns exec tcpg-s tcpdump -U -i tcpgs0 -w kernel.pcap > td.log 2>&1 & echo $! > td.pid
sleep 1
ip netns exec tcpg-c ping -c 1 -s 56 100.64.99.1
ip netns exec tcpg-c ping -6 -c 1 -s 56 fd00:99::1
ip netns exec tcpg-s timeout 5 nc -l -s 100.64.99.1 -p 5001 > /dev/null & sleep 0.3
echo "hello from the linux kernel" | ip netns exec tcpg-c nc -N -w 2 100.64.99.1 5001; sleep 0.3
ip netns exec tcpg-s timeout 5 nc -6 -l -s fd00:99::1 -p 5002 > /dev/null & sleep 0.3
echo "hello over ipv6" | ip netns exec tcpg-c nc -6 -N -w 2 fd00:99::1 5002; sleep 0.3
echo "udp datagram" | ip netns exec tcpg-c nc -u -w 1 100.64.99.1 5003 || true
sleep 1; kill "$(cat td.pid)"; sleep 0.5; rm td.pid
cp kernel.pcap "$OUT/kernel-packets.pcap"; rm -rf "$D"

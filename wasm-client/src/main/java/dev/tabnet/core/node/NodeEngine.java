package dev.tabnet.core.node;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.DerpMap;
import dev.tabnet.core.control.IpPrefix;
import dev.tabnet.core.control.Netmap;
import dev.tabnet.core.control.NetmapPeer;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.disco.DerpDiscoResponder;
import dev.tabnet.core.disco.DiscoConstants;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.netstack.NetStack;
import dev.tabnet.core.netstack.NetStackConfig;
import dev.tabnet.core.util.Hex;
import dev.tabnet.core.wireguard.OutgoingDatagram;
import dev.tabnet.core.wireguard.ReceivedPacket;
import dev.tabnet.core.wireguard.WireGuardConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node's data plane. Packets from the TCP/IP stack are encrypted by WireGuard for the peer
 * whose allowed IPs hold the destination, and handed to the relay of that peer's home region;
 * packets from relays are disco (answered here) or WireGuard (decrypted into the stack).
 * Call {@link #pump} after the application wrote to the stack, and {@link #onTimer} at
 * {@link #nextDeadline}.
 */
public final class NodeEngine {
    /** Tailscale's safe tunnel MTU: every packet fits any path, including DERP over TCP. */
    public static final int TUNNEL_MTU = 1280;
    private static final int PUMP_ROUNDS = 10_000;

    private final byte[] nodePrivateKey;
    private final byte[] discoPrivateKey;
    private final Entropy entropy;
    private final Relays relays;
    private final WireGuardDevice wireguard;
    private NetStack stack;
    private DerpDiscoResponder disco;
    private int homeRegion;
    /** Peers as last configured, by node key hex, so changes touch only what changed. */
    private final Map<String, NetmapPeer> configured = new HashMap<>();
    private final InboundFilter inbound = new InboundFilter();
    private long relayPacketsIn, discoAnswered, unknownSenderDrops, filteredInbound;
    /** The key {@link #hexOf} encoded last, and its hex. */
    private byte[] lastHexKey;
    private String lastHex;

    public NodeEngine(byte[] nodePrivateKey, byte[] discoPrivateKey, Entropy entropy, long unixTimeOffsetNanos, Relays relays) {
        this.nodePrivateKey = nodePrivateKey.clone();
        this.discoPrivateKey = discoPrivateKey.clone();
        this.entropy = entropy;
        this.relays = relays;
        WireGuardConfig wg = new WireGuardConfig();
        wg.mtu = TUNNEL_MTU;
        this.wireguard = new WireGuardDevice(nodePrivateKey, entropy, wg);
        wireguard.setUnixTimeOffsetNanos(unixTimeOffsetNanos);
    }

    public byte[] nodePublicKey() {
        return X25519.publicKey(nodePrivateKey);
    }

    public byte[] discoPublicKey() {
        return X25519.publicKey(discoPrivateKey);
    }

    /** Null until the first netmap told this node its addresses. */
    public NetStack stack() {
        return stack;
    }

    public WireGuardDevice wireguard() {
        return wireguard;
    }

    /** The region this node calls home (the first of the DERP map unless chosen), 0 before a map. */
    public int homeRegion() {
        return homeRegion;
    }

    /** Prefers a region (e.g. the lowest-latency one from netcheck); takes effect at the next netmap. */
    public void preferRegion(int regionId) {
        homeRegion = regionId;
    }

    /** Reconfigures from the current netmap: own addresses (first time), relays, WireGuard peers. */
    public void applyNetmap(Netmap map, long now) {
        NetmapPeer self = map.self();
        if (self == null) return;
        if (stack == null) stack = new NetStack(stackConfig(self.addresses), entropy);
        if (map.packetFilter() != null) inbound.setRules(PacketFilter.of(map.packetFilter()));

        DerpMap derp = map.derpMap();
        if (derp.region(homeRegion) == null) homeRegion = derp.firstRegion() == null ? 0 : derp.firstRegion().id;
        if (disco == null || disco.regionId() != homeRegion) disco = new DerpDiscoResponder(discoPrivateKey, homeRegion, entropy);
        disco.setPeerPolicy(this::knownDiscoPair);

        Set<String> current = new HashSet<>();
        for (NetmapPeer p : map.peers()) {
            String k = Hex.encode(p.nodeKey());
            current.add(k);
            NetmapPeer old = configured.get(k);
            if (old != null && old.allowedIps.equals(p.allowedIps)) {
                configured.put(k, p); // same routes: keep the WireGuard session
                continue;
            }
            if (old != null) wireguard.removePeer(p.nodeKey());
            wireguard.addPeer(p.nodeKey());
            for (IpPrefix prefix : p.allowedIps) wireguard.addAllowedIp(p.nodeKey(), prefix.address.bytes(), prefix.bits);
            wireguard.setEndpoint(p.nodeKey(), k); // over DERP the endpoint is the node key
            configured.put(k, p);
        }
        for (String k : new HashSet<>(configured.keySet())) {
            if (!current.contains(k)) {
                wireguard.removePeer(Hex.decode(k));
                configured.remove(k);
            }
        }

        Set<Integer> regions = new HashSet<>();
        if (homeRegion != 0) regions.add(homeRegion);
        for (NetmapPeer p : configured.values()) if (derp.region(p.homeDerp) != null) regions.add(p.homeDerp);
        for (int r : regions) relays.ensureRelay(r, derp.region(r).nodes.get(0).webSocketUrl(), r == homeRegion);
        relays.retainOnly(regions);
        pump(now);
    }

    private static NetStackConfig stackConfig(List<IpAddress> addresses) {
        NetStackConfig c = new NetStackConfig();
        c.mtu = TUNNEL_MTU;
        for (IpAddress a : addresses) {
            if (a.isV4() && c.ipv4 == null) c.ipv4 = a;
            if (!a.isV4() && c.ipv6 == null) c.ipv6 = a;
        }
        return c;
    }

    private boolean knownDiscoPair(byte[] nodeKey, byte[] discoKey) {
        NetmapPeer p = configured.get(Hex.encode(nodeKey));
        return p != null && java.util.Arrays.equals(p.discoKey(), discoKey);
    }

    /** A packet a relay delivered from {@code sourceNodeKey}. */
    public void onRelayPacket(int regionId, byte[] sourceNodeKey, byte[] packet, long now) {
        relayPacketsIn++;
        String k = hexOf(sourceNodeKey);
        if (DiscoConstants.looksLikeDiscoWrapper(packet, 0, packet.length)) {
            DerpDiscoResponder.Result r = disco == null ? null : disco.onDerpPacket(sourceNodeKey, packet);
            if (r != null && r.reply != null) {
                discoAnswered++;
                relays.send(regionId, sourceNodeKey, r.reply, now);
            }
            return;
        }
        if (!configured.containsKey(k)) {
            unknownSenderDrops++; // not in our netmap: WireGuard would refuse it anyway
            return;
        }
        wireguard.handleDatagram(packet, 0, packet.length, k, now);
        pump(now);
    }

    /**
     * For adapters whose stack driver drains the stack's outbound queue itself: one packet from
     * the stack into the tunnel (remembered for the inbound filter), then everything moves on.
     */
    public void sendFromStack(byte[] packet, long now) {
        inbound.noteOutbound(packet);
        wireguard.sendIpPacket(packet, 0, packet.length, now);
        pump(now);
    }

    /** Moves everything that is ready: stack → WireGuard → relays, and decrypted packets → stack. */
    public void pump(long now) {
        for (int round = 0; round < PUMP_ROUNDS; round++) {
            boolean moved = false;
            if (stack != null) {
                for (byte[] p; (p = stack.pollOutbound()) != null; moved = true) {
                    inbound.noteOutbound(p);
                    wireguard.sendIpPacket(p, 0, p.length, now);
                }
                // (sendFromStack is the same step for packets a driver drained.)
            }
            for (OutgoingDatagram d; (d = wireguard.pollDatagram()) != null; moved = true) {
                relays.send(regionOf(d.peerPublicKey), d.peerPublicKey, d.data, now);
            }
            for (ReceivedPacket r; (r = wireguard.pollIpPacket()) != null; moved = true) {
                if (stack == null) continue;
                if (!inbound.allows(r.packet)) {
                    filteredInbound++; // dropped silently, as Tailscale's filter does
                    continue;
                }
                stack.receive(r.packet, 0, r.packet.length, now);
            }
            if (!moved) return;
        }
    }

    /** The peer's home region when we know it, else ours (one relay server reaches everyone on it). */
    private int regionOf(byte[] peerKey) {
        NetmapPeer p = configured.get(hexOf(peerKey));
        return p != null && p.homeDerp != 0 ? p.homeDerp : homeRegion;
    }

    /**
     * A node key as the hex the maps are keyed by. Remembers the last one: a transfer's packets all
     * come from and go to one peer, so this saves building a 64-character string per packet.
     */
    private String hexOf(byte[] nodeKey) {
        if (lastHexKey == null || !java.util.Arrays.equals(lastHexKey, nodeKey)) {
            lastHexKey = nodeKey.clone();
            lastHex = Hex.encode(nodeKey);
        }
        return lastHex;
    }

    public long nextDeadline() {
        long d = wireguard.pollTimeout();
        if (stack != null) d = Math.min(d, stack.nextDeadline());
        return d;
    }

    public void onTimer(long now) {
        if (wireguard.pollTimeout() <= now) wireguard.handleTimers(now);
        if (stack != null && stack.nextDeadline() <= now) stack.advance(now);
        pump(now);
    }

    public long relayPacketsIn() { return relayPacketsIn; }
    public long discoAnswered() { return discoAnswered; }
    public long unknownSenderDrops() { return unknownSenderDrops; }
    /** New connections (SYN, echo request, unsolicited UDP) the netmap's packet filter refused. */
    public long filteredInbound() { return filteredInbound; }
    /** The packet filter in force (deny-all until the first netmap carries one). */
    public PacketFilter packetFilter() { return inbound.rules(); }
}

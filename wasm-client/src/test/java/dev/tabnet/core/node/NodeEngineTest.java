package dev.tabnet.core.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.control.Netmap;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.disco.DiscoBox;
import dev.tabnet.core.disco.DiscoMessage;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.netstack.PingCallback;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.core.testutil.SeededEntropy;
import dev.tabnet.core.util.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two node engines configured by netmaps, joined by an in-memory relay that routes by node key. */
class NodeEngineTest {
    static final int REGION = 900;

    /** Delivers relay sends by destination key, in order, recording which regions were asked for. */
    final class Relay {
        final Deque<Object[]> inFlight = new ArrayDeque<>();
        final List<String> ensured = new ArrayList<>();

        Relays endpoint() {
            return new Relays() {
                @Override
                public void ensureRelay(int regionId, String url, boolean home) {
                    ensured.add(regionId + " " + url + (home ? " home" : ""));
                }

                @Override
                public void retainOnly(Set<Integer> regionIds) {}

                @Override
                public void send(int regionId, byte[] dst, byte[] packet, long now) {
                    inFlight.add(new Object[] {regionId, dst, packet});
                }
            };
        }
    }

    final Relay relay = new Relay();
    final SeededEntropy entropy = new SeededEntropy(7);
    final byte[] aKey = X25519.generatePrivateKey(entropy), bKey = X25519.generatePrivateKey(entropy);
    final byte[] aDisco = X25519.generatePrivateKey(entropy), bDisco = X25519.generatePrivateKey(entropy);
    final NodeEngine a = new NodeEngine(aKey, aDisco, entropy, Clock.seconds(1_700_000_000L), relay.endpoint());
    final NodeEngine b = new NodeEngine(bKey, bDisco, entropy, Clock.seconds(1_700_000_000L), relay.endpoint());
    long now = Clock.seconds(100);

    static String node(long id, String name, byte[] key, byte[] disco, String addr) {
        return "{\"ID\":" + id + ",\"Name\":\"" + name + ".t.\",\"Key\":\"nodekey:" + Hex.encode(key) + "\",\"DiscoKey\":\"discokey:"
                + Hex.encode(disco) + "\",\"Addresses\":[\"" + addr + "/32\"],\"HomeDERP\":" + REGION + "}";
    }

    static final String DERP_MAP = "{\"Regions\":{\"" + REGION + "\":{\"RegionID\":" + REGION + ",\"Nodes\":[{\"Name\":\"x\",\"HostName\":\"127.0.0.1\",\"DERPPort\":8080,\"InsecureForTests\":true}]}}}";

    static final String ALLOW_ALL = "[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}]";

    Netmap netmap(String self, String... peers) {
        return netmapWithFilter(ALLOW_ALL, self, peers);
    }

    Netmap netmapWithFilter(String filter, String self, String... peers) {
        Netmap m = new Netmap();
        m.apply(JsonReader.parse("{\"Node\":" + self + ",\"DERPMap\":" + DERP_MAP + ",\"Peers\":[" + String.join(",", peers)
                + "],\"PacketFilter\":" + filter + "}").asObject());
        return m;
    }

    void configure() {
        String na = node(1, "a", a.nodePublicKey(), a.discoPublicKey(), "100.64.0.1");
        String nb = node(2, "b", b.nodePublicKey(), b.discoPublicKey(), "100.64.0.2");
        a.applyNetmap(netmap(na, nb), now);
        b.applyNetmap(netmap(nb, na), now);
    }

    /** Delivers relayed packets and fires timers until done holds. */
    void run(java.util.function.BooleanSupplier done) {
        for (int step = 0; !done.getAsBoolean(); step++) {
            if (step > 200_000) throw new AssertionError("livelock");
            Object[] p = relay.inFlight.poll();
            if (p != null) {
                byte[] dst = (byte[]) p[1];
                NodeEngine to = java.util.Arrays.equals(dst, a.nodePublicKey()) ? a : b;
                NodeEngine from = to == a ? b : a;
                to.onRelayPacket((Integer) p[0], from.nodePublicKey(), (byte[]) p[2], now);
                continue;
            }
            long next = Math.min(a.nextDeadline(), b.nextDeadline());
            if (next == Clock.NEVER) throw new AssertionError("stalled");
            now = Math.max(now, next);
            a.onTimer(now);
            b.onTimer(now);
        }
    }

    @Test
    void netmapConfiguresAddressesRelayAndPeers() {
        configure();
        assertNotNull(a.stack(), "the first netmap with a self node creates the stack");
        assertEquals(REGION, a.homeRegion());
        assertTrue(relay.ensured.contains(REGION + " ws://127.0.0.1:8080/derp home"), relay.ensured.toString());
        assertNotNull(a.wireguard().peer(b.nodePublicKey()));
    }

    @Test
    void pingAndTcpFlowThroughTheRelayedTunnel() {
        configure();
        long[] rtt = {-1};
        a.stack().ping(IpAddress.parse("100.64.0.2"), new byte[32], new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] data) {
                rtt[0] = rttNanos;
            }

            @Override
            public void onTimeout(IpAddress to, int sequence) {}
        });
        a.pump(now);
        run(() -> rtt[0] >= 0);

        StringBuilder echoed = new StringBuilder();
        b.stack().listen(7, s -> new TcpListener() {
            @Override
            public void onReadable(TcpSocket s) {
                byte[] buf = new byte[4096];
                for (int n; (n = s.read(buf, 0, buf.length)) > 0; ) s.write(buf, 0, n);
            }
        });
        a.stack().connect(IpAddress.parse("100.64.0.2"), 7, new TcpListener() {
            @Override
            public void onConnected(TcpSocket s) {
                byte[] hello = "hello over derp".getBytes(StandardCharsets.UTF_8);
                s.write(hello, 0, hello.length);
            }

            @Override
            public void onReadable(TcpSocket s) {
                byte[] buf = new byte[4096];
                for (int n; (n = s.read(buf, 0, buf.length)) > 0; ) echoed.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        });
        a.pump(now);
        b.pump(now);
        run(() -> echoed.toString().equals("hello over derp"));
        assertTrue(a.wireguard().peer(b.nodePublicKey()).hasCurrentKeypair());
    }

    @Test
    void discoPingsFromKnownPeersAreAnsweredWithAPongNamingTheRelay() throws Exception {
        configure();
        DiscoBox bBox = new DiscoBox(bDisco);
        byte[] ping = bBox.seal(a.discoPublicKey(), new DiscoMessage.Ping(new byte[12], b.nodePublicKey(), 0).marshal(), entropy);
        a.onRelayPacket(REGION, b.nodePublicKey(), ping, now);
        Object[] reply = relay.inFlight.poll();
        assertNotNull(reply, "a pong goes back over the relay");
        assertArrayEquals(b.nodePublicKey(), (byte[]) reply[1]);
        DiscoMessage pong = DiscoMessage.parse(bBox.open((byte[]) reply[2]).plaintext);
        assertTrue(pong instanceof DiscoMessage.Pong);
        assertEquals(REGION, ((DiscoMessage.Pong) pong).port, "Src is 127.3.3.40:<region>");

        byte[] stranger = X25519.generatePrivateKey(entropy);
        byte[] forged = new DiscoBox(stranger).seal(a.discoPublicKey(), new DiscoMessage.Ping(new byte[12], null, 0).marshal(), entropy);
        a.onRelayPacket(REGION, b.nodePublicKey(), forged, now);
        assertTrue(relay.inFlight.isEmpty(), "a disco key the netmap does not give that node is ignored");
    }

    @Test
    void thePacketFilterRefusesNewInboundConnectionsButLetsRepliesThrough() {
        String na = node(1, "a", a.nodePublicKey(), a.discoPublicKey(), "100.64.0.1");
        String nb = node(2, "b", b.nodePublicKey(), b.discoPublicKey(), "100.64.0.2");
        // b accepts only TCP port 7 from a; a accepts nothing new at all (like a browser tab).
        a.applyNetmap(netmapWithFilter("[]", na, nb), now);
        b.applyNetmap(netmapWithFilter("[{\"SrcIPs\":[\"100.64.0.1\"],\"DstPorts\":[{\"IP\":\"100.64.0.2\",\"Ports\":{\"First\":7,\"Last\":7}}],\"IPProto\":[6]}]", nb, na), now);
        boolean[] accepted = {false, false};
        b.stack().listen(7, s -> {
            accepted[0] = true;
            return null;
        });
        b.stack().listen(8, s -> {
            accepted[1] = true;
            return null;
        });
        boolean[] connected = {false};
        a.stack().connect(IpAddress.parse("100.64.0.2"), 7, new TcpListener() {
            @Override
            public void onConnected(TcpSocket s) {
                connected[0] = true;
            }
        });
        a.pump(now);
        run(() -> connected[0] && accepted[0]);
        assertTrue(accepted[0], "allowed port: the SYN passed and the SYN-ACK came back to a, which accepts nothing new");

        a.stack().connect(IpAddress.parse("100.64.0.2"), 8, new TcpListener() {});
        a.pump(now);
        run(() -> b.filteredInbound() >= 1);
        assertFalse(accepted[1], "port 8 is not in b's filter");

        long[] replies = {0};
        b.stack().ping(IpAddress.parse("100.64.0.1"), new byte[8], new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] data) {
                replies[0]++;
            }

            @Override
            public void onTimeout(IpAddress to, int sequence) {}
        });
        b.pump(now);
        long before = a.filteredInbound();
        run(() -> a.filteredInbound() > before);
        assertEquals(0, replies[0], "a refuses echo requests: its filter is empty");
    }

    @Test
    void packetsFromNodesOutsideTheNetmapAreDroppedAndRemovedPeersForgotten() {
        configure();
        a.onRelayPacket(REGION, X25519.publicKey(X25519.generatePrivateKey(entropy)), new byte[] {4, 0, 0, 0, 1, 2, 3}, now);
        assertEquals(1, a.unknownSenderDrops());
        String na = node(1, "a", a.nodePublicKey(), a.discoPublicKey(), "100.64.0.1");
        a.applyNetmap(netmap(na), now);
        assertEquals(null, a.wireguard().peer(b.nodePublicKey()));
        assertFalse(a.wireguard().peers().iterator().hasNext());
    }
}

package dev.tabnet.web.selftest;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.control.Netmap;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpClient;
import dev.tabnet.core.derp.DerpClientConfig;
import dev.tabnet.core.derp.Frame;
import dev.tabnet.core.derp.FrameReader;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.derp.ServerInfo;
import dev.tabnet.core.disco.DiscoBox;
import dev.tabnet.core.disco.DiscoMessage;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.json.JsonReader;
import dev.tabnet.core.netstack.PingCallback;
import dev.tabnet.core.node.NodeEngine;
import dev.tabnet.core.node.Relays;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;
import dev.tabnet.core.util.Hex;
import java.util.Arrays;
import java.util.Set;

/**
 * Two complete tailnet nodes in the tab as the product assembles them: netmap JSON → NodeEngine,
 * whose WireGuard packets travel as DERP frames through real DerpClients to an in-memory relay
 * made of the core DERP codec (ServerKey, sealed ClientInfo/ServerInfo, Send/RecvPacket).
 * Node B pings A (ICMP), streams 1 MiB to it over TCP, and sends it a disco ping.
 */
final class RelayedNodesCheck {
    static final int REGION = 900;
    static final int BYTES = 1 << 20;
    private static final long MAX_STEPS = 1_000_000;

    private final Entropy entropy;
    private final byte[] relayPrivate;
    private final Node a, b;
    private long now = Clock.seconds(100);

    private RelayedNodesCheck(Entropy entropy) {
        this.entropy = entropy;
        relayPrivate = X25519.generatePrivateKey(entropy);
        a = new Node(1, "100.64.0.1");
        b = new Node(2, "100.64.0.2");
        a.configure(b);
        b.configure(a);
    }

    static void run(SelfTestReport report, Entropy entropy) throws Exception {
        RelayedNodesCheck t = new RelayedNodesCheck(entropy);
        t.runUntil(() -> t.a.derp.isReady() && t.b.derp.isReady());
        report.put("derpLoggedIn", true);

        long[] rtt = {-1};
        t.b.engine.stack().ping(IpAddress.parse("100.64.0.1"), new byte[48], new PingCallback() {
            @Override
            public void onReply(IpAddress from, int sequence, long rttNanos, byte[] data) {
                rtt[0] = rttNanos;
            }

            @Override
            public void onTimeout(IpAddress to, int sequence) {}
        });
        t.b.engine.pump(t.now);
        t.runUntil(() -> rtt[0] >= 0);
        report.put("relayedPingReplied", true);

        long[] received = {0};
        boolean[] eof = {false};
        t.a.engine.stack().listen(22, s -> new TcpListener() {
            @Override
            public void onReadable(TcpSocket s) {
                byte[] buf = new byte[16384];
                for (int n; (n = s.read(buf, 0, buf.length)) != 0; ) {
                    if (n < 0) {
                        eof[0] = true;
                        s.close();
                        return;
                    }
                    received[0] += n;
                }
            }
        });
        t.b.engine.stack().connect(IpAddress.parse("100.64.0.1"), 22, new TcpListener() {
            long sent;

            @Override
            public void onConnected(TcpSocket s) {
                onWritable(s);
            }

            @Override
            public void onWritable(TcpSocket s) {
                byte[] chunk = new byte[16384];
                while (sent < BYTES) {
                    int n = s.write(chunk, 0, (int) Math.min(chunk.length, BYTES - sent));
                    if (n <= 0) return;
                    sent += n;
                }
                s.shutdownOutput();
            }
        });
        t.b.engine.pump(t.now);
        t.runUntil(() -> eof[0]);
        report.put("relayedTcpBytes", received[0]);

        DiscoBox bDisco = new DiscoBox(t.b.discoPrivate);
        byte[] ping = bDisco.seal(t.a.engine.discoPublicKey(), new DiscoMessage.Ping(new byte[12], t.b.engine.nodePublicKey(), 0).marshal(), entropy);
        t.b.derp.send(t.a.engine.nodePublicKey(), ping, t.now);
        t.runUntil(() -> t.a.engine.discoAnswered() > 0);
        report.put("discoPongsSent", t.a.engine.discoAnswered());
    }

    interface Condition {
        boolean holds();
    }

    private void runUntil(Condition done) {
        for (long steps = 0; !done.holds(); steps++) {
            if (steps > MAX_STEPS) throw new IllegalStateException("livelock: step bound exceeded");
            if (a.exchange() | b.exchange()) continue;
            long next = Math.min(a.deadline(), b.deadline());
            if (next == Clock.NEVER) throw new IllegalStateException("stalled: nothing in flight, no timer pending");
            now = Math.max(now, next);
            a.timers();
            b.timers();
        }
    }

    private Node other(Node n) {
        return n == a ? b : a;
    }

    /** A node, its DERP client, and the relay's half of that client's connection. */
    private final class Node implements Relays {
        final long id;
        final String address;
        final byte[] nodePrivate, discoPrivate;
        final NodeEngine engine;
        final DerpClient derp;
        long transport;
        final FrameReader relayReader = FrameReader.withMaxBody(1 << 20);
        byte[] loggedInKey;

        Node(long id, String address) {
            this.id = id;
            this.address = address;
            nodePrivate = X25519.generatePrivateKey(entropy);
            discoPrivate = X25519.generatePrivateKey(entropy);
            engine = new NodeEngine(nodePrivate, discoPrivate, entropy, Clock.seconds(1_700_000_000L), this);
            derp = new DerpClient(nodePrivate, entropy, new DerpClientConfig(),
                    (src, data, t) -> engine.onRelayPacket(REGION, src.bytes(), data, t));
        }

        String json() {
            return "{\"ID\":" + id + ",\"Name\":\"n" + id + ".t.\",\"Key\":\"nodekey:" + Hex.encode(engine.nodePublicKey())
                    + "\",\"DiscoKey\":\"discokey:" + Hex.encode(engine.discoPublicKey()) + "\",\"Addresses\":[\"" + address
                    + "/32\"],\"HomeDERP\":" + REGION + "}";
        }

        void configure(Node peer) {
            Netmap m = new Netmap();
            m.apply(JsonReader.parse("{\"Node\":" + json() + ",\"Peers\":[" + peer.json() + "],\"DERPMap\":{\"Regions\":{\"" + REGION
                    + "\":{\"RegionID\":" + REGION + ",\"Nodes\":[{\"Name\":\"r\",\"HostName\":\"relay.invalid\"}]}}},"
                    + "\"PacketFilter\":[{\"SrcIPs\":[\"*\"],\"DstPorts\":[{\"IP\":\"*\",\"Ports\":{\"First\":0,\"Last\":65535}}]}]}").asObject());
            engine.applyNetmap(m, now);
        }

        @Override
        public void ensureRelay(int regionId, String url, boolean home) {}

        @Override
        public void retainOnly(Set<Integer> regionIds) {}

        @Override
        public void send(int regionId, byte[] dst, byte[] packet, long t) {
            derp.send(dst, packet, t);
        }

        /** Dials, and moves this client's output through the relay; true if anything moved. */
        boolean exchange() {
            boolean moved = false;
            long dial = derp.pollDial(now);
            if (dial != 0) {
                transport = dial;
                derp.onTransportOpen(dial, now);
                derp.onTransportData(dial, Frames.serverKey(X25519.publicKey(relayPrivate)), now);
                moved = true;
            }
            for (byte[] out; (out = derp.pollOutgoing()) != null; moved = true) relay(out);
            return moved;
        }

        /** The relay's side: log the client in, route SendPacket frames to the other node by key. */
        private void relay(byte[] bytes) {
            relayReader.feed(bytes);
            try {
                for (Frame f; (f = relayReader.next()) != null; ) {
                    if (f.type == FrameType.CLIENT_INFO) {
                        loggedInKey = ClientInfo.open(relayPrivate, f.body).clientKey.bytes();
                        byte[] info = new ServerInfo(2, 0, 0).seal(relayPrivate, loggedInKey, entropy);
                        derp.onTransportData(transport, Frames.frame(FrameType.SERVER_INFO, info), now);
                    } else if (f.type == FrameType.SEND_PACKET && loggedInKey != null) {
                        Node to = other(this);
                        if (!Arrays.equals(Arrays.copyOf(f.body, 32), to.engine.nodePublicKey())) continue;
                        byte[] packet = Arrays.copyOfRange(f.body, 32, f.body.length);
                        to.derp.onTransportData(to.transport, Frames.recvPacket(loggedInKey, packet), now);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("relay: " + e.getMessage());
            }
        }

        long deadline() {
            return Math.min(engine.nextDeadline(), derp.nextDeadline());
        }

        void timers() {
            if (derp.nextDeadline() <= now) derp.onTimer(now);
            if (engine.nextDeadline() <= now) engine.onTimer(now);
        }
    }
}

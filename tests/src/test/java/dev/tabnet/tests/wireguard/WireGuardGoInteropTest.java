package dev.tabnet.tests.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.Clock;
import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.wireguard.DropReason;
import dev.tabnet.core.wireguard.WireGuardConfig;
import dev.tabnet.core.wireguard.WireGuardDevice;
import dev.tabnet.core.wireguard.WireGuardPeer;
import dev.tabnet.jvm.WireGuardUdpLoop;
import dev.tabnet.tests.lab.WireGuardGoPeer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our WireGuard engine (JVM UDP adapter) against a real wireguard-go peer whose tunnel end is the
 * Linux kernel stack inside a private network namespace (wglab.sh recipe A). Phases run in order
 * on one pair of peers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WireGuardGoInteropTest {
    private static final byte[] THEIR_IP = {10, 99, 0, 1};
    private static final byte[] OUR_IP = {10, 99, 0, 2};
    private static final String THEIR_ADDR = "10.99.0.1";
    private static final String OUR_ADDR = "10.99.0.2";
    private static final int ICMP_ID = 0x7ab1;
    /** Short rekey timer so a rekey happens within seconds (wireguard-go keeps its own 120 s). */
    private static final long REKEY_AFTER_TIME = 3_000_000_000L;

    private WireGuardGoPeer peer;
    private WireGuardUdpLoop loop;
    private byte[] ourPrivate;
    private byte[] theirPublic;
    private SocketAddress theirEndpoint;
    private final Map<Integer, AtomicInteger> repliesBySeq = new ConcurrentHashMap<>();
    private final AtomicInteger echoRequestsAnswered = new AtomicInteger();
    private final List<byte[]> badReplies = new CopyOnWriteArrayList<>();
    private final List<byte[]> incomingTransport = new CopyOnWriteArrayList<>();
    private final List<byte[]> outgoingData = new CopyOnWriteArrayList<>();
    private final AtomicReference<byte[]> held = new AtomicReference<>();
    private volatile boolean holdNextData;
    /** Our engine's injected load condition: when true, handshakes need a valid mac2 (cookie). */
    private volatile boolean underLoad;

    @BeforeAll
    void setUp() throws Exception {
        String reason = WireGuardGoPeer.unavailableReason();
        if (reason != null) System.out.println("SKIPPING WireGuardGoInteropTest: " + reason);
        Assumptions.assumeTrue(reason == null, reason);

        SecureEntropy entropy = new SecureEntropy();
        ourPrivate = X25519.generatePrivateKey(entropy);
        byte[] theirPrivate = X25519.generatePrivateKey(entropy);
        theirPublic = X25519.publicKey(theirPrivate);

        WireGuardConfig config = new WireGuardConfig();
        config.rekeyAfterTime = REKEY_AFTER_TIME;
        config.loadCondition = now -> underLoad;
        Clock clock = WireGuardUdpLoop.systemClock();
        WireGuardDevice device = WireGuardUdpLoop.newDevice(ourPrivate, config, clock);
        loop = new WireGuardUdpLoop(device, clock, new InetSocketAddress("127.0.0.1", 0), (dev, p, now) -> {
            byte[] pkt = p.packet;
            if (!Icmp.isIcmp(pkt)) return;
            if (Icmp.type(pkt) == Icmp.ECHO_REQUEST) {
                byte[] reply = Icmp.replyTo(pkt); // answer the kernel's pings
                dev.sendIpPacket(reply, 0, reply.length, now);
                echoRequestsAnswered.incrementAndGet();
            } else if (Icmp.type(pkt) == Icmp.ECHO_REPLY && Icmp.id(pkt) == ICMP_ID) {
                if (!Icmp.checksumsValid(pkt) || !java.util.Arrays.equals(Icmp.src(pkt), THEIR_IP)
                        || !java.util.Arrays.equals(Icmp.payload(pkt), payload(Icmp.seq(pkt)))) {
                    badReplies.add(pkt);
                }
                repliesBySeq.computeIfAbsent(Icmp.seq(pkt), k -> new AtomicInteger()).incrementAndGet();
            }
        });
        loop.setIncomingTap((data, from) -> {
            if (data.length > 32 && data[0] == 4) incomingTransport.add(data);
        });
        loop.setOutgoingTap(d -> {
            if (d.data.length > 32 && d.data[0] == 4) {
                if (holdNextData) {
                    holdNextData = false;
                    held.set(d.data);
                    return false;
                }
                outgoingData.add(d.data);
            }
            return true;
        });
        loop.start();
        int ourPort = loop.localAddress().getPort();

        peer = WireGuardGoPeer.start(theirPrivate, X25519.publicKey(ourPrivate), ourPort, THEIR_ADDR, OUR_ADDR);
        theirEndpoint = new InetSocketAddress("127.0.0.1", peer.port);
        loop.call(dev -> {
            configurePeer(dev);
            return null;
        });
        System.out.println("wireguard-go " + peer.iface + " in netns " + peer.namespace + " on 127.0.0.1:" + peer.port
                + ", our engine on 127.0.0.1:" + ourPort);
    }

    private void configurePeer(WireGuardDevice dev) {
        dev.addPeer(theirPublic);
        dev.addAllowedIp(theirPublic, THEIR_IP, 32);
        dev.setEndpoint(theirPublic, theirEndpoint);
    }

    @AfterAll
    void tearDown() {
        if (loop != null) loop.close();
        if (peer != null) {
            peer.close();
            assertFalse(WireGuardGoPeer.namespaceExists(peer.namespace), "namespace removed");
        }
    }

    private static byte[] payload(int seq) {
        return ("tabnet-interop-" + seq + "-abcdefghijklmnopqrstuvwxyz").getBytes(StandardCharsets.US_ASCII);
    }

    private void ping(int seq) {
        loop.sendIpPacket(Icmp.echo(Icmp.ECHO_REQUEST, OUR_IP, THEIR_IP, ICMP_ID, seq, payload(seq)));
    }

    private int replies(int seq) {
        AtomicInteger n = repliesBySeq.get(seq);
        return n == null ? 0 : n.get();
    }

    private static boolean waitFor(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private <T> T onLoop(java.util.function.Function<WireGuardDevice, T> fn) throws InterruptedException {
        return loop.call(fn);
    }

    private WireGuardPeer ourPeer(WireGuardDevice dev) {
        return dev.peer(theirPublic);
    }

    @Test
    @Order(1)
    void handshakeInitiatedByWireGuardGo() throws Exception {
        WireGuardGoPeer.Result ping = peer.exec("ping", "-c", "3", "-i", "0.3", "-W", "3", OUR_ADDR);
        System.out.println(ping.out.trim());
        assertEquals(0, ping.code, "kernel ping through wireguard-go to our engine:\n" + ping.out + "\n" + peer.log());
        assertTrue(ping.out.contains("3 received"), ping.out);
        assertEquals(3, echoRequestsAnswered.get());
        long[] counts = onLoop(dev -> new long[] {ourPeer(dev).initiationsSent(), ourPeer(dev).responsesSent(), ourPeer(dev).handshakesCompleted()});
        assertEquals(0, counts[0], "we did not initiate");
        assertTrue(counts[1] >= 1, "we answered their initiation");
        assertTrue(counts[2] >= 1, "and confirmed the session on their data");
        boolean initiatorKeys = onLoop(dev -> ourPeer(dev).currentKeypairIsInitiator());
        assertFalse(initiatorKeys, "the session in use is the one wireguard-go initiated");
    }

    @Test
    @Order(2)
    void handshakeInitiatedByUsAndEchoBothWays() throws Exception {
        // Forget our session so that our next packet has to start a handshake; wireguard-go keeps its state.
        onLoop(dev -> {
            dev.removePeer(theirPublic);
            configurePeer(dev);
            return null;
        });
        for (int seq = 1; seq <= 5; seq++) {
            ping(seq);
            Thread.sleep(100);
        }
        assertTrue(waitFor(() -> java.util.stream.IntStream.rangeClosed(1, 5).allMatch(s -> replies(s) == 1), 10_000),
                "echo replies from the kernel: " + repliesBySeq + " drops: " + onLoop(WireGuardDevice::dropSummary) + "\n" + peer.log());
        assertTrue(badReplies.isEmpty(), "replies carry our payload and valid checksums");
        assertEquals(1L, (long) onLoop(dev -> ourPeer(dev).initiationsSent()));
        assertEquals(1L, (long) onLoop(dev -> ourPeer(dev).handshakesCompleted()));
        boolean initiatorKeys = onLoop(dev -> ourPeer(dev).currentKeypairIsInitiator());
        assertTrue(initiatorKeys, "the session in use is the one we initiated");
        assertTrue(peer.latestHandshakeUnixSeconds() > 0);
    }

    @Test
    @Order(3)
    void survivesRekeys() throws Exception {
        long handshakesBefore = onLoop(dev -> ourPeer(dev).handshakesCompleted());
        long theirHandshakeBefore = peer.latestHandshakeUnixSeconds();
        int first = 100, count = 48;
        for (int i = 0; i < count; i++) {
            ping(first + i);
            Thread.sleep(250);
        }
        boolean all = waitFor(() -> java.util.stream.IntStream.range(first, first + count).allMatch(s -> replies(s) >= 1), 10_000);
        long handshakes = onLoop(dev -> ourPeer(dev).handshakesCompleted()) - handshakesBefore;
        long missing = java.util.stream.IntStream.range(first, first + count).filter(s -> replies(s) == 0).count();
        System.out.println("rekey phase: " + handshakes + " new handshakes in " + count * 250 / 1000 + " s, "
                + (count - missing) + "/" + count + " echo replies");
        assertTrue(handshakes >= 2, "REKEY_AFTER_TIME=3s must have caused rekeys, got " + handshakes);
        assertTrue(all, "no echo lost across rekeys; missing " + missing + ", drops: " + onLoop(WireGuardDevice::dropSummary));
        assertTrue(peer.latestHandshakeUnixSeconds() > theirHandshakeBefore, "wireguard-go saw the new handshakes");
        assertEquals("", onLoop(WireGuardDevice::dropSummary), "no drops on our side");
    }

    @Test
    @Order(4)
    void wireGuardGoRejectsAReplayedDatagram() throws Exception {
        int seq = 500;
        int before = outgoingData.size();
        ping(seq);
        assertTrue(waitFor(() -> replies(seq) == 1, 5_000));
        byte[] original = outgoingData.get(before);
        Thread.sleep(300); // let any rekey triggered by that send settle
        long[] transferBefore = peer.transfer();
        for (int i = 0; i < 3; i++) loop.sendRaw(original, theirEndpoint);
        Thread.sleep(1500);
        assertEquals(1, replies(seq), "the kernel saw the echo request only once");
        assertEquals(transferBefore[0], peer.transfer()[0], "wireguard-go counted no received bytes for the replays");
    }

    @Test
    @Order(5)
    void wireGuardGoRejectsATamperedDatagram() throws Exception {
        int seq = 600;
        holdNextData = true;
        ping(seq);
        assertTrue(waitFor(() -> held.get() != null, 5_000));
        byte[] original = held.get();
        Thread.sleep(300);
        long[] transferBefore = peer.transfer();
        byte[] tampered = original.clone();
        tampered[tampered.length - 20] ^= 0x40; // a ciphertext bit of the ICMP payload
        loop.sendRaw(tampered, theirEndpoint);
        byte[] header = original.clone();
        header[9] ^= 0x01; // the counter is authenticated through the nonce
        loop.sendRaw(header, theirEndpoint);
        Thread.sleep(1500);
        assertEquals(0, replies(seq), "tampered datagrams must not reach the kernel");
        assertEquals(transferBefore[0], peer.transfer()[0], "wireguard-go counted no received bytes");
        // The untouched datagram is still accepted, so only the tampering made the difference.
        loop.sendRaw(original, theirEndpoint);
        assertTrue(waitFor(() -> replies(seq) == 1, 5_000), "original datagram delivered after the tampered ones");
    }

    @Test
    @Order(6)
    void ourEngineRejectsReplayedAndTamperedDatagramsFromWireGuardGo() throws Exception {
        assertFalse(incomingTransport.isEmpty());
        byte[] seen = incomingTransport.get(incomingTransport.size() - 1);
        long replaysBefore = onLoop(dev -> dev.dropCount(DropReason.REPLAY));
        long decryptBefore = onLoop(dev -> dev.dropCount(DropReason.DECRYPT_FAILED));
        int repliesBefore = repliesBySeq.values().stream().mapToInt(AtomicInteger::get).sum();
        int answeredBefore = echoRequestsAnswered.get();
        for (int i = 0; i < 3; i++) loop.inject(seen, theirEndpoint);
        byte[] tampered = seen.clone();
        tampered[tampered.length - 1] ^= 0x01;
        loop.inject(tampered, theirEndpoint);
        assertTrue(waitFor(() -> {
            try {
                return onLoop(dev -> dev.dropCount(DropReason.REPLAY)) == replaysBefore + 3;
            } catch (InterruptedException e) {
                return false;
            }
        }, 3_000));
        assertEquals(decryptBefore + 1, (long) onLoop(dev -> dev.dropCount(DropReason.DECRYPT_FAILED)));
        assertEquals(repliesBefore, repliesBySeq.values().stream().mapToInt(AtomicInteger::get).sum(), "nothing delivered twice");
        assertEquals(answeredBefore, echoRequestsAnswered.get());
        System.out.println("our drop counters: " + onLoop(WireGuardDevice::dropSummary));
    }

    @Test
    @Order(7)
    void wireGuardGoAnswersOurCookieReplyWithMac2() throws Exception {
        // Fresh state in wireguard-go, so its next packet needs a handshake it initiates.
        peer.removePeer(X25519.publicKey(ourPrivate));
        peer.setPeer(X25519.publicKey(ourPrivate), loop.localAddress().getPort(), OUR_ADDR);
        long cookiesBefore = onLoop(dev -> dev.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT));
        long responsesBefore = onLoop(dev -> ourPeer(dev).responsesSent());
        underLoad = true;
        try {
            // wireguard-go stores our cookie and retransmits after REKEY_TIMEOUT (5 s) with mac2.
            WireGuardGoPeer.Result ping = peer.exec("ping", "-c", "1", "-W", "15", OUR_ADDR);
            assertEquals(0, ping.code, onLoop(WireGuardDevice::dropSummary) + "\n" + ping.out + "\n" + peer.log());
        } finally {
            underLoad = false;
        }
        long cookies = onLoop(dev -> dev.dropCount(DropReason.UNDER_LOAD_COOKIE_SENT)) - cookiesBefore;
        long responses = onLoop(dev -> ourPeer(dev).responsesSent()) - responsesBefore;
        System.out.println("under load: " + cookies + " cookie reply(ies) sent, then " + responses + " handshake response(s)");
        assertTrue(cookies >= 1, "the first initiation (mac2 zero) got a cookie reply");
        assertTrue(responses >= 1, "the retransmitted initiation carried a valid mac2 and was answered");
        assertEquals(0, (long) onLoop(dev -> dev.dropCount(DropReason.BAD_MAC1)));
    }
}

package dev.tabnet.core.wireguard;

import dev.tabnet.core.crypto.ChaCha20Poly1305;
import dev.tabnet.core.crypto.CryptoException;

/**
 * Plain throughput benchmark: WireGuard transport encrypt+decrypt through two engines (1420-byte IP
 * packets, the whole send/receive path including routing, padding, replay window and source check)
 * next to raw ChaCha20-Poly1305 seal+open of the same size, measured in the same JVM run.
 *
 * <pre>mvn -q -pl wasm-client org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tabnet.core.wireguard.TransportBenchmark</pre>
 */
public final class TransportBenchmark {
    private static final int PACKET = 1420;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // Warm up both paths, then alternate rounds (the machine is shared, so load drifts) and
        // report the median of each.
        raw(1.0);
        engine(1.0);
        double[] raw = new double[rounds], wg = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            raw[r] = raw(seconds);
            wg[r] = engine(seconds);
        }
        java.util.Arrays.sort(raw);
        java.util.Arrays.sort(wg);
        double rawMedian = raw[rounds / 2], wgMedian = wg[rounds / 2];
        System.out.printf("raw ChaCha20Poly1305 seal+open, %d B: %.1f MB/s (median of %d, min %.1f, max %.1f)%n",
                PACKET, rawMedian, rounds, raw[0], raw[rounds - 1]);
        System.out.printf("WireGuard transport encrypt+decrypt, %d B IP packets: %.1f MB/s (median of %d, min %.1f, max %.1f)%n",
                PACKET, wgMedian, rounds, wg[0], wg[rounds - 1]);
        System.out.printf("ratio transport/raw: %.2f%n", wgMedian / rawMedian);
    }

    /** MB/s of plaintext through seal followed by open. */
    static double raw(double seconds) throws CryptoException {
        byte[] key = new byte[32];
        key[0] = 1;
        ChaCha20Poly1305 sender = new ChaCha20Poly1305(key), receiver = new ChaCha20Poly1305(key);
        byte[] plain = new byte[PACKET], sealed = new byte[PACKET + 16], opened = new byte[PACKET];
        long bytes = 0, n = 0, start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 256; i++, n++) {
                byte[] nonce = ChaCha20Poly1305.nonceLittleEndian(n);
                sender.seal(nonce, null, plain, 0, PACKET, sealed, 0);
                receiver.open(nonce, null, sealed, 0, sealed.length, opened, 0);
                bytes += PACKET;
            }
            now = System.nanoTime();
        } while (now < deadline);
        return bytes / ((now - start) / 1e9) / 1e6;
    }

    /** MB/s of IP packets through A.sendIpPacket -> datagram -> B.handleDatagram -> B.pollIpPacket. */
    static double engine(double seconds) {
        TwoDevices t = new TwoDevices();
        byte[] packet = TwoDevices.ipv4(TwoDevices.IP_A, TwoDevices.IP_B, PACKET - 20, 0);
        t.a.sendIpPacket(packet, 0, packet.length, t.now);
        t.pump(); // handshake
        if (t.b.pollIpPacket() == null) throw new IllegalStateException("handshake failed: " + t.a.dropSummary() + t.b.dropSummary());
        long bytes = 0, start = System.nanoTime(), deadline = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                t.a.sendIpPacket(packet, 0, packet.length, t.now);
                OutgoingDatagram d = t.a.pollDatagram();
                t.b.handleDatagram(d.data, 0, d.data.length, "A", t.now);
                ReceivedPacket p = t.b.pollIpPacket();
                if (p == null) throw new IllegalStateException("lost a packet: " + t.b.dropSummary());
                bytes += p.packet.length;
            }
            now = System.nanoTime();
        } while (now < deadline);
        return bytes / ((now - start) / 1e9) / 1e6;
    }
}

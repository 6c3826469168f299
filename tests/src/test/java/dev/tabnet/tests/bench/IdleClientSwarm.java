package dev.tabnet.tests.bench;

import dev.tabnet.core.crypto.SecureEntropy;
import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.derp.ClientInfo;
import dev.tabnet.core.derp.DerpConstants;
import dev.tabnet.core.derp.FrameType;
import dev.tabnet.core.derp.Frames;
import dev.tabnet.core.util.Hex;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child process of {@link IdleClientsBench}: opens N WebSocket connections to /derp by hand (the
 * HTTP upgrade with subprotocol derp, then one masked binary message carrying a ClientInfo sealed
 * with that connection's own node key) and then does nothing, so the relay holds N idle logged-in
 * clients. Runs in its own JVM so the clients' memory is not counted as the server's. Prints
 * "sent N" when done and exits when its stdin closes.
 * <p>Args: port, server public key (hex), count, threads.
 */
public final class IdleClientSwarm {
    private IdleClientSwarm() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] serverKey = Hex.decode(args[1]);
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        List<SocketChannel> open = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger(), failures = new AtomicInteger();
        StringBuffer firstError = new StringBuffer();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                SecureEntropy e = new SecureEntropy();
                while (next.getAndIncrement() < count) {
                    try {
                        open.add(login(port, serverKey, e));
                    } catch (Exception ex) {
                        if (failures.getAndIncrement() == 0) firstError.append(ex);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) w.join();
        System.out.println("sent " + open.size() + " failed " + failures.get() + (firstError.length() > 0 ? " first error: " + firstError : ""));
        System.out.flush();
        while (System.in.read() >= 0) {
            // idle until the parent closes our stdin
        }
        for (SocketChannel c : open) c.close();
    }

    static SocketChannel login(int port, byte[] serverKey, SecureEntropy e) throws Exception {
        SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        try {
            byte[] nonce = new byte[16];
            e.nextBytes(nonce, 0, nonce.length);
            String req = "GET /derp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: " + DerpConstants.WEBSOCKET_SUBPROTOCOL + "\r\n\r\n";
            writeAll(c, req.getBytes(StandardCharsets.US_ASCII));
            String head = readHead(c);
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
            byte[] priv = X25519.generatePrivateKey(e);
            byte[] info = Frames.frame(FrameType.CLIENT_INFO, ClientInfo.standard("idle-bench").seal(priv, X25519.publicKey(priv), serverKey, e));
            writeAll(c, maskedBinary(info, e));
            return c;
        } catch (Exception ex) {
            c.close();
            throw ex;
        }
    }

    /** Reads the HTTP response head (anything after it, e.g. the ServerKey frame, stays unread or is dropped). */
    private static String readHead(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (true) {
            if (c.read(b) < 0) throw new IOException("closed during upgrade");
            String s = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
            if (s.contains("\r\n\r\n")) return s;
            if (!b.hasRemaining()) throw new IOException("response head too long");
        }
    }

    /** One client-to-server WebSocket frame (RFC 6455 5.2: FIN, binary, masked). */
    static byte[] maskedBinary(byte[] payload, SecureEntropy e) {
        int n = payload.length;
        int lenBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
        byte[] f = new byte[2 + lenBytes + 4 + n];
        f[0] = (byte) 0x82;
        int o = 2;
        if (lenBytes == 0) f[1] = (byte) (0x80 | n);
        else if (lenBytes == 2) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
            o = 4;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            o = 10;
        }
        byte[] mask = new byte[4];
        e.nextBytes(mask, 0, 4);
        System.arraycopy(mask, 0, f, o, 4);
        for (int i = 0; i < n; i++) f[o + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
        return f;
    }

    private static void writeAll(SocketChannel c, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) c.write(buf);
    }
}

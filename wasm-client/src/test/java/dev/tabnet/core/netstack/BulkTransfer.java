package dev.tabnet.core.netstack;

import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSocket;

/** Test applications: a sender streaming a pattern and a receiver checking every byte of it. */
final class BulkTransfer {
    private BulkTransfer() {}

    static final class Sender implements TcpListener {
        final long total;
        final StreamPattern pattern;
        long written;
        int partialWrites;
        boolean connected;
        CloseReason closed;
        private final byte[] chunk = new byte[64 * 1024];
        private int chunkLen, chunkPos;

        Sender(long total, long seed) {
            this.total = total;
            this.pattern = new StreamPattern(seed);
        }

        @Override
        public void onConnected(TcpSocket s) {
            connected = true;
            pump(s);
        }

        @Override
        public void onWritable(TcpSocket s) {
            pump(s);
        }

        @Override
        public void onReadable(TcpSocket s) {
            byte[] sink = new byte[4096];
            while (s.read(sink, 0, sink.length) > 0) {}
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            closed = reason;
        }

        void pump(TcpSocket s) {
            while (written < total) {
                if (chunkPos == chunkLen) {
                    chunkLen = (int) Math.min(chunk.length, total - written);
                    pattern.fill(chunk, 0, chunkLen);
                    chunkPos = 0;
                }
                int n = s.write(chunk, chunkPos, chunkLen - chunkPos);
                if (n <= 0) {
                    partialWrites++;
                    return; // back-pressure: wait for onWritable
                }
                chunkPos += n;
                written += n;
            }
            s.shutdownOutput();
        }
    }

    static final class Receiver implements TcpListener {
        final StreamPattern pattern;
        long received;
        long mismatchAt = -1;
        boolean eof;
        CloseReason closed;
        TcpSocket socket;
        boolean closeOnEof = true;
        boolean paused;
        private final byte[] buf = new byte[32 * 1024];

        Receiver(long seed) {
            this.pattern = new StreamPattern(seed);
        }

        @Override
        public void onReadable(TcpSocket s) {
            socket = s;
            if (!paused) drain(s);
        }

        void drain(TcpSocket s) {
            while (true) {
                int n = s.read(buf, 0, buf.length);
                if (n < 0) {
                    if (!eof) {
                        eof = true;
                        if (closeOnEof) s.close();
                    }
                    return;
                }
                if (n == 0) return;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != pattern.next() && mismatchAt < 0) mismatchAt = received + i;
                }
                received += n;
            }
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            closed = reason;
        }
    }
}

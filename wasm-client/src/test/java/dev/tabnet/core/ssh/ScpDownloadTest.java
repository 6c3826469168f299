package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scp sink over a scripted server: the server side here writes what OpenSSH's scp -f writes
 * (its source() in scp.c: C line, data, status byte, \1 error lines), in any packet chunking.
 */
class ScpDownloadTest {
    private static final int SERVER_ID = 5;

    /** One download over a fresh scripted connection, with a listener that records everything. */
    private static final class Run implements ScpDownload.Listener {
        final ScriptedServer s = new ScriptedServer();
        final ScpDownload d;
        final ByteArrayOutputStream file = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        boolean autoConsume = true;
        int unconsumed;

        Run(String path) throws Exception {
            d = new ScpDownload(s.client, path, this);
            s.completeKex();
            s.authenticate();
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_OPEN_CONFIRMATION).u32(0).u32(SERVER_ID).u32(1 << 20).u32(32768).toByteArray());
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_SUCCESS).u32(0).toByteArray());
        }

        @Override public void header(String name, long size, int mode) { events.add("header " + name + " " + size + " " + Integer.toOctalString(mode)); }

        @Override
        public void data(byte[] b, int off, int len) {
            file.write(b, off, len);
            if (autoConsume) d.consumed(len);
            else unconsumed += len;
        }

        @Override public void completed(long size) { events.add("completed " + size); }
        @Override public void failed(String error) { events.add("failed " + error); }

        void data(byte[] b, int off, int len, boolean viaServer) {
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string(b, off, len).toByteArray());
        }

        void send(byte[] b) {
            data(b, 0, b.length, true);
        }

        void send(String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        }

        void stderr(String text) {
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_EXTENDED_DATA).u32(0).u32(SshMessages.SSH_EXTENDED_DATA_STDERR)
                    .string(text.getBytes(StandardCharsets.UTF_8)).toByteArray());
        }

        /** exit-status, EOF and CLOSE, as sshd ends a session whose command exited. */
        void exit(int status) {
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_REQUEST).u32(0).string("exit-status").bool(false).u32(status).toByteArray());
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_EOF).u32(0).toByteArray());
            s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_CLOSE).u32(0).toByteArray());
        }

        /** What the client wrote on the channel, and the exec command it asked for. */
        String sentData() {
            StringBuilder b = new StringBuilder();
            for (byte[] p : s.received) {
                if ((p[0] & 0xff) != SshMessages.SSH_MSG_CHANNEL_DATA) continue;
                SshReader r = new SshReader(p);
                try {
                    r.u8();
                    assertEquals(SERVER_ID, r.u32());
                    for (byte x : r.string()) b.append(x == 0 ? "\\0" : String.valueOf((char) x));
                } catch (SshException e) {
                    throw new AssertionError(e);
                }
            }
            return b.toString();
        }

        String exec() throws SshException {
            for (byte[] p : s.received) {
                if ((p[0] & 0xff) != SshMessages.SSH_MSG_CHANNEL_REQUEST) continue;
                SshReader r = new SshReader(p);
                r.u8();
                r.u32();
                if (r.utf8().equals("exec")) {
                    r.bool();
                    return r.utf8();
                }
            }
            return null;
        }

        long windowAdjusted() throws SshException {
            long n = 0;
            for (byte[] p : s.received) {
                if ((p[0] & 0xff) != SshMessages.SSH_MSG_CHANNEL_WINDOW_ADJUST) continue;
                SshReader r = new SshReader(p);
                r.u8();
                r.u32();
                n += r.u32();
            }
            return n;
        }

        boolean channelClosedByUs() {
            for (byte[] p : s.received) if ((p[0] & 0xff) == SshMessages.SSH_MSG_CHANNEL_CLOSE) return true;
            return false;
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** What OpenSSH's source() writes for one regular file. */
    private static byte[] sourceStream(String name, byte[] content, boolean times) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] t = "T1700000000 0 1700000001 0\n".getBytes(StandardCharsets.US_ASCII);
        if (times) o.write(t, 0, t.length);
        byte[] h = ("C0644 " + content.length + " " + name + "\n").getBytes(StandardCharsets.UTF_8);
        o.write(h, 0, h.length);
        o.write(content, 0, content.length);
        o.write(0);
        return o.toByteArray();
    }

    @Test
    void happyPathRunsScpFromAndAnswersEachStep() throws Exception {
        Run r = new Run("/srv/data/report.bin");
        assertEquals("scp -f -- '/srv/data/report.bin'", r.exec());
        assertEquals("\\0", r.sentData(), "the sink's first 0 goes out once exec is accepted");
        byte[] content = random(300_000, 1);
        r.send("C0640 300000 report.bin\n");
        assertEquals(List.of("header report.bin 300000 640"), r.events);
        assertEquals("\\0\\0", r.sentData());
        for (int off = 0; off < content.length; off += 32768) r.data(content, off, Math.min(32768, content.length - off), true);
        r.send(new byte[] {0});
        assertEquals("\\0\\0\\0", r.sentData(), "the status byte is answered too");
        r.exit(0);
        assertEquals(List.of("header report.bin 300000 640", "completed 300000"), r.events);
        assertArrayEquals(content, r.file.toByteArray());
        assertTrue(r.d.finished());
    }

    @Test
    void everyChunkingOfTheStreamGivesTheSameFile() throws Exception {
        byte[] content = random(11, 2);
        for (boolean times : new boolean[] {false, true}) {
            byte[] stream = sourceStream("f", content, times);
            for (int cut = 0; cut <= stream.length; cut++) {
                Run r = new Run("f");
                r.data(stream, 0, cut, true);
                r.data(stream, cut, stream.length - cut, true);
                r.exit(0);
                assertEquals(List.of("header f 11 644", "completed 11"), r.events, "cut at " + cut);
                assertArrayEquals(content, r.file.toByteArray(), "cut at " + cut);
                assertEquals(times ? "\\0\\0\\0\\0" : "\\0\\0\\0", r.sentData(), "cut at " + cut);
            }
            Run bytewise = new Run("f");
            for (int i = 0; i < stream.length; i++) bytewise.data(stream, i, 1, true);
            bytewise.exit(0);
            assertEquals(List.of("header f 11 644", "completed 11"), bytewise.events);
            assertArrayEquals(content, bytewise.file.toByteArray());
        }
    }

    @Test
    void aZeroByteFile() throws Exception {
        Run r = new Run("empty");
        r.send(sourceStream("empty", new byte[0], false));
        r.exit(0);
        assertEquals(List.of("header empty 0 644", "completed 0"), r.events);
        assertEquals(0, r.file.size());
        assertEquals("\\0\\0\\0", r.sentData());
    }

    @Test
    void aNameWithSpacesAndQuotesIsQuotedForTheRemoteShell() throws Exception {
        Run r = new Run("/tmp/it's a \"file\" $(rm -rf x).txt");
        assertEquals("scp -f -- '/tmp/it'\\''s a \"file\" $(rm -rf x).txt'", r.exec());
        r.send(sourceStream("it's a \"file\" $(rm -rf x).txt", "hi".getBytes(StandardCharsets.US_ASCII), false));
        r.exit(0);
        assertEquals(List.of("header it's a \"file\" $(rm -rf x).txt 2 644", "completed 2"), r.events);
        assertEquals("~/'notes/a b'", ScpDownload.shellQuote("~/notes/a b"), "the home dir still expands");
        assertEquals("'~x'", ScpDownload.shellQuote("~x"));
        assertEquals("'-rf'", ScpDownload.shellQuote("-rf"));
        assertEquals("''\\'''", ScpDownload.shellQuote("'"));
    }

    @Test
    void aServerErrorLineIsReportedAsItIsAndNothingElseHappens() throws Exception {
        Run r = new Run("/nope");
        r.send("\u0001scp: /nope: No such file or directory\n");
        r.exit(1);
        assertEquals(List.of("failed scp: /nope: No such file or directory"), r.events);
        assertEquals(0, r.file.size());
        assertTrue(r.channelClosedByUs());
        Run fatal = new Run("/x");
        fatal.send("\u0002scp: ambiguous target\n");
        assertEquals(List.of("failed scp: ambiguous target"), fatal.events);
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Run r = new Run("/etc");
        r.send("D0755 0 etc\n");
        assertEquals(List.of("failed /etc is a directory (downloading directories is not supported)"), r.events);
        assertEquals("\\0", r.sentData(), "no 0 for the D line: we do not enter it");
        assertTrue(r.channelClosedByUs());
    }

    @Test
    void aReadErrorAfterTheDataIsReported() throws Exception {
        Run r = new Run("f");
        r.send("C0644 4 f\n");
        r.send(new byte[] {1, 2, 3, 4});
        r.send("\u0001scp: f: Input/output error\n");
        assertEquals(List.of("header f 4 644", "failed scp: f: Input/output error (after 4 bytes)"), r.events);
    }

    @Test
    void aShortFileIsAnErrorWithTheCount() throws Exception {
        Run r = new Run("f");
        r.send("C0644 10 f\n");
        r.send(new byte[] {1, 2, 3, 4, 5});
        r.exit(1);
        assertEquals(List.of("header f 10 644", "failed the server ended the transfer after 5 of 10 bytes (exited with status 1)"), r.events);
        Run lost = new Run("f");
        lost.send("C0644 10 f\n");
        lost.send(new byte[] {1, 2, 3});
        lost.s.client.connectionLost("TCP reset");
        assertEquals(1, lost.events.stream().filter(e -> e.startsWith("failed")).count(), lost.events.toString());
        assertTrue(lost.events.get(1).startsWith("failed connection lost after 3 of 10 bytes: "), lost.events.toString());
    }

    @Test
    void aWrongStatusByteOrExtraBytesOrANonZeroExitAreErrors() throws Exception {
        Run wrong = new Run("f");
        wrong.send("C0644 2 f\nab\u0007");
        assertEquals("failed protocol error: byte 7 after the 2 bytes of the file instead of its status", wrong.events.get(1));
        Run extra = new Run("f");
        extra.send("C0644 2 f\nab\u0000C0644 1 g\n");
        assertEquals("failed protocol error: 10 unexpected bytes after the file", extra.events.get(1));
        Run exit = new Run("f");
        exit.send("C0644 2 f\nab\u0000");
        exit.stderr("scp: something odd\n");
        exit.exit(2);
        assertEquals(List.of("header f 2 644", "failed the server's scp exited with status 2: scp: something odd"), exit.events);
        wrong.send("more");
        wrong.exit(0);
        assertEquals(2, wrong.events.size(), "reported exactly once: " + wrong.events);
    }

    @Test
    void noScpOnTheServerShowsItsShellsComplaint() throws Exception {
        Run r = new Run("f");
        r.stderr("bash: line 1: scp: command not found\n");
        r.exit(127);
        assertEquals(List.of("failed bash: line 1: scp: command not found before the file started (exited with status 127)"), r.events);
    }

    @Test
    void badHeadersAreProtocolErrors() throws Exception {
        String[] bad = {"C644 1 f\n", "C0648 1 f\n", "C0644 x f\n", "C0644 1 \n", "C0644 1 a/b\n", "C0644 1 ..\n", "C0644 1 a\u001b[2Jb\n", "C0644 99999999999999999999 f\n",
                "Welcome to the server!\n"};
        for (String h : bad) {
            Run r = new Run("f");
            r.send(h);
            assertEquals(1, r.events.size(), h);
            assertTrue(r.events.get(0).startsWith("failed protocol error: "), h + " -> " + r.events);
        }
    }

    @Test
    void aSinkThatDoesNotConsumeHoldsTheServerAtTheWindow() throws Exception {
        Run r = new Run("big");
        r.autoConsume = false;
        int window = SshChannel.INITIAL_WINDOW;
        r.send("C0644 " + (window + 100_000) + " big\n");
        byte[] chunk = random(32768, 3);
        int sent = 0;
        while (sent + chunk.length <= window - 64) {
            r.data(chunk, 0, chunk.length, true);
            sent += chunk.length;
        }
        assertEquals(sent, r.unconsumed);
        assertTrue(r.windowAdjusted() < 64, "only the control bytes were given back: " + r.windowAdjusted());
        r.d.consumed(r.unconsumed);
        r.s.drainClient();
        assertTrue(r.windowAdjusted() >= sent, "the window reopens once the sink stored the bytes: " + r.windowAdjusted());
        r.d.cancel();
        r.s.drainClient();
        assertEquals("failed cancelled", r.events.get(r.events.size() - 1));
        assertTrue(r.channelClosedByUs());
    }
}

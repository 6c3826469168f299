package dev.tabnet.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalSessionTest {
    @Test
    void utf8SplitAcrossPacketsIsReassembled() {
        byte[] text = "é€😀 ok".getBytes(StandardCharsets.UTF_8);
        for (int cut1 = 0; cut1 <= text.length; cut1++) {
            for (int cut2 = cut1; cut2 <= text.length; cut2++) {
                Utf8Stream u = new Utf8Stream();
                String out = u.decode(text, 0, cut1) + u.decode(text, cut1, cut2 - cut1) + u.decode(text, cut2, text.length - cut2);
                assertEquals("é€😀 ok", out, "cuts at " + cut1 + "," + cut2);
            }
        }
    }

    @Test
    void invalidUtf8BecomesReplacementCharacters() {
        Utf8Stream u = new Utf8Stream();
        assertEquals("a\uFFFDb", u.decode(new byte[] {'a', (byte) 0xff, 'b'}, 0, 3));
    }

    @Test
    void shellSessionOverAScriptedServer() throws Exception {
        ScriptedServer s = new ScriptedServer();
        StringBuilder out = new StringBuilder();
        List<String> ends = new ArrayList<>();
        SshTerminalSession t = new SshTerminalSession(s.client, null, 80, 24, new SshTerminalSession.Listener() {
            @Override public void output(String text) { out.append(text); }
            @Override public void closed(Integer exitStatus, String error) { ends.add(exitStatus + "/" + error); }
        });
        s.completeKex();
        s.authenticate();
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_OPEN_CONFIRMATION).u32(0).u32(3).u32(1 << 20).u32(32768).toByteArray());
        t.input("ls\r");
        t.resize(100, 40);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string(euro, 0, 1).toByteArray());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_DATA).u32(0).string(euro, 1, 2).toByteArray());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_REQUEST).u32(0).string("exit-status").bool(false).u32(5).toByteArray());
        s.packet(SshWriter.message(SshMessages.SSH_MSG_CHANNEL_CLOSE).u32(0).toByteArray());
        assertEquals("€", out.toString());
        assertEquals(List.of("5/null"), ends);
        List<String> sent = new ArrayList<>();
        for (byte[] p : s.received) {
            if ((p[0] & 0xff) == SshMessages.SSH_MSG_CHANNEL_REQUEST) {
                SshReader r = new SshReader(p);
                r.u8();
                r.u32();
                sent.add(r.utf8());
            } else if ((p[0] & 0xff) == SshMessages.SSH_MSG_CHANNEL_DATA) {
                SshReader r = new SshReader(p);
                r.u8();
                r.u32();
                sent.add("data:" + r.utf8());
            }
        }
        assertEquals(List.of("pty-req", "shell", "data:ls\r", "window-change"), sent);
        assertTrue(s.client.isClosed(), "the session's end closes the connection");
        assertNull(s.error());
        assertEquals(SshMessages.SSH_MSG_DISCONNECT, s.lastReceivedType());
    }
}

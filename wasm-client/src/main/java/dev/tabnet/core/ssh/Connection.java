package dev.tabnet.core.ssh;

import static dev.tabnet.core.ssh.SshMessages.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connection protocol, client side (RFC 4254): session channels, global requests, and
 * OpenSSH-style keepalives (a keepalive@openssh.com global request with want-reply; any reply,
 * even REQUEST_FAILURE, proves the server is alive).
 */
final class Connection {
    static final String KEEPALIVE = "keepalive@openssh.com";

    private final Transport transport;
    private final Map<Integer, SshChannel> channels = new HashMap<>();
    private final List<SshChannel> waitingForAuth = new ArrayList<>();
    private int nextId;
    private boolean ready;
    private int outstandingGlobalReplies;
    int keepalivesUnanswered;
    long keepalivesSent;
    long globalRepliesReceived;

    Connection(Transport transport) {
        this.transport = transport;
    }

    void send(byte[] payload) {
        transport.send(payload);
    }

    SshChannel openSession(SshChannel.Listener listener) {
        SshChannel ch = new SshChannel(this, nextId++, listener);
        channels.put(ch.localId, ch);
        if (ready) {
            send(ch.openMessage());
        } else {
            waitingForAuth.add(ch);
        }
        return ch;
    }

    /** User authentication succeeded: channels may open now. */
    void ready() {
        ready = true;
        for (SshChannel ch : waitingForAuth) send(ch.openMessage());
        waitingForAuth.clear();
    }

    void sendKeepalive() {
        keepalivesUnanswered++;
        keepalivesSent++;
        outstandingGlobalReplies++;
        send(SshWriter.message(SSH_MSG_GLOBAL_REQUEST).string(KEEPALIVE).bool(true).toByteArray());
    }

    int openChannels() {
        return channels.size();
    }

    boolean handle(int type, byte[] p) throws SshException {
        SshReader r = new SshReader(p);
        r.u8();
        switch (type) {
            case SSH_MSG_GLOBAL_REQUEST: {
                r.utf8();
                boolean wantReply = r.bool();
                // We accept no global requests (hostkeys-00@openssh.com needs no answer beyond this).
                if (wantReply) send(new byte[] {(byte) SSH_MSG_REQUEST_FAILURE});
                return true;
            }
            case SSH_MSG_REQUEST_SUCCESS:
            case SSH_MSG_REQUEST_FAILURE:
                if (outstandingGlobalReplies == 0) throw SshException.protocol("global request reply without a request");
                outstandingGlobalReplies--;
                globalRepliesReceived++;
                keepalivesUnanswered = 0;
                return true;
            case SSH_MSG_CHANNEL_OPEN: {
                r.utf8();
                long sender = r.u32();
                // Servers may offer forwarded channels; we ask for none, so we refuse them all.
                send(SshWriter.message(SSH_MSG_CHANNEL_OPEN_FAILURE).u32(sender).u32(SSH_OPEN_ADMINISTRATIVELY_PROHIBITED)
                        .string("not supported").string("").toByteArray());
                return true;
            }
            case SSH_MSG_CHANNEL_OPEN_CONFIRMATION:
                channel(r).onOpenConfirmation(r);
                return true;
            case SSH_MSG_CHANNEL_OPEN_FAILURE: {
                SshChannel ch = channel(r);
                channels.remove(ch.localId);
                ch.onOpenFailure(r);
                return true;
            }
            case SSH_MSG_CHANNEL_WINDOW_ADJUST:
                channel(r).onWindowAdjust(r);
                return true;
            case SSH_MSG_CHANNEL_DATA:
                channel(r).onData(r, false);
                return true;
            case SSH_MSG_CHANNEL_EXTENDED_DATA:
                channel(r).onData(r, true);
                return true;
            case SSH_MSG_CHANNEL_EOF:
                channel(r).onEof();
                return true;
            case SSH_MSG_CHANNEL_CLOSE: {
                SshChannel ch = channel(r);
                channels.remove(ch.localId);
                ch.onClose();
                return true;
            }
            case SSH_MSG_CHANNEL_REQUEST:
                channel(r).onRequest(r);
                return true;
            case SSH_MSG_CHANNEL_SUCCESS:
            case SSH_MSG_CHANNEL_FAILURE:
                channel(r).onReply(type == SSH_MSG_CHANNEL_SUCCESS);
                return true;
            default:
                return false;
        }
    }

    private SshChannel channel(SshReader r) throws SshException {
        long id = r.u32();
        SshChannel ch = id <= Integer.MAX_VALUE ? channels.get((int) id) : null;
        if (ch == null) throw SshException.protocol("message for unknown channel " + id);
        return ch;
    }

    void lost(String error) {
        for (SshChannel ch : new ArrayList<>(channels.values())) ch.onConnectionLost(error);
        channels.clear();
    }
}

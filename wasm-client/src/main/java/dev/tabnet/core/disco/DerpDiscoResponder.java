package dev.tabnet.core.disco;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.CryptoException;

/**
 * Handles disco packets that arrive over DERP for a node without UDP (the browser): a Ping is
 * answered with a Pong whose Src is 127.3.3.40:&lt;regionID&gt; (how magicsock names "via DERP
 * region N"), to be sent back over DERP to the node key the Ping came from. CallMeMaybe is ignored
 * (we have no UDP endpoints to try); other types are counted and ignored.
 */
public final class DerpDiscoResponder {
    /** Which (node key, disco key) pairs we talk to; the netmap knows, the default trusts any. */
    public interface PeerPolicy {
        boolean accepts(byte[] nodeKey, byte[] discoKey);
    }

    /** What one incoming packet produced. */
    public static final class Result {
        public final DiscoMessage message;
        /** A disco packet to send over DERP to the source node key, or null. */
        public final byte[] reply;

        Result(DiscoMessage message, byte[] reply) {
            this.message = message;
            this.reply = reply;
        }
    }

    private final DiscoBox box;
    private final int regionId;
    private final Entropy entropy;
    private PeerPolicy policy = (n, d) -> true;
    private long pingsAnswered, callMeMaybeIgnored, otherIgnored, dropped;
    private String lastDropReason = "";

    public DerpDiscoResponder(byte[] discoPrivateKey, int regionId, Entropy entropy) {
        this.box = new DiscoBox(discoPrivateKey);
        this.regionId = regionId;
        this.entropy = entropy;
    }

    public void setPeerPolicy(PeerPolicy policy) {
        this.policy = policy;
    }

    /** The region our Pongs name as the path (127.3.3.40:region). */
    public int regionId() {
        return regionId;
    }

    public byte[] discoPublicKey() {
        return box.publicKey();
    }

    /**
     * One DERP packet body that {@link DiscoConstants#looksLikeDiscoWrapper looks like disco}.
     * Never throws: bad packets are counted and yield null.
     */
    public Result onDerpPacket(byte[] srcNodeKey, byte[] packet) {
        try {
            DiscoBox.Opened o = box.open(packet);
            if (!policy.accepts(srcNodeKey, o.senderDiscoKey)) return drop("disco key not known for this node key");
            DiscoMessage m = DiscoMessage.parse(o.plaintext);
            if (m instanceof DiscoMessage.Ping) {
                DiscoMessage.Pong pong = new DiscoMessage.Pong(((DiscoMessage.Ping) m).txId,
                        DiscoConstants.v4Mapped(DiscoConstants.DERP_MAGIC_IPV4), regionId);
                pingsAnswered++;
                return new Result(m, box.seal(o.senderDiscoKey, pong.marshal(), entropy));
            }
            if (m instanceof DiscoMessage.CallMeMaybe) callMeMaybeIgnored++;
            else otherIgnored++;
            return new Result(m, null);
        } catch (DiscoException e) {
            return drop(e.getMessage());
        } catch (CryptoException e) {
            return drop("cannot seal the reply: " + e.getMessage());
        }
    }

    private Result drop(String why) {
        dropped++;
        lastDropReason = why;
        return null;
    }

    public long pingsAnswered() { return pingsAnswered; }
    public long callMeMaybeIgnored() { return callMeMaybeIgnored; }
    public long otherIgnored() { return otherIgnored; }
    public long dropped() { return dropped; }
    public String lastDropReason() { return lastDropReason; }
}

package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.crypto.X25519;
import dev.tabnet.core.testutil.SeededEntropy;
import org.junit.jupiter.api.Test;

/** Regressions for findings of DerpClientFuzzTest. */
class DerpFuzzFindingsTest {

    /**
     * DerpClientFuzzTest found a ServerInfo with a negative TokenBucketBytesPerSecond making the
     * client throw inside (TokenBucket rejects it) and drop the connection as an internal error. A
     * rate of zero or below now means "no limit", as zero always did.
     */
    @Test
    void negativeTokenBucketRateMeansNoLimit() throws Exception {
        SeededEntropy entropy = new SeededEntropy(1);
        FakeDerpServer server = new FakeDerpServer(entropy);
        DerpClient c = new DerpClient(X25519.generatePrivateKey(entropy), entropy, new DerpClientConfig(), (src, data, now) -> {});
        long id = c.pollDial(0);
        c.onTransportOpen(id, 0);
        c.onTransportData(id, server.serverKeyFrame(), 0);
        byte[] clientInfo = c.pollOutgoing();
        server.consume(clientInfo); // opens ClientInfo; its default reply is replaced by ours below
        byte[] body = new ServerInfo(2, -5, 100).seal(server.privateKey, server.login.clientKey.bytes(), entropy);
        c.onTransportData(id, Frames.frame(FrameType.SERVER_INFO, body), 0);
        assertEquals(0, c.internalErrors(), c.lastError());
        assertEquals(DerpClient.State.READY, c.state(), c.lastError());
        byte[] peer = X25519.publicKey(X25519.generatePrivateKey(entropy));
        for (int i = 0; i < 10; i++) assertTrue(c.send(peer, new byte[1000], 0), "send " + i);
        assertEquals(0, c.droppedRateLimited());
    }
}

package dev.tabnet.core.derp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ServerInfo JSON limits (a regression found by DerpClientFuzzTest: a negative rate reached TokenBucket). */
class ServerInfoTest {
    @Test
    void sendLimitsAreRead() throws Exception {
        ServerInfo i = ServerInfo.parseJson("{\"version\":2,\"TokenBucketBytesPerSecond\":1000,\"TokenBucketBytesBurst\":5000}");
        assertEquals(1000, i.tokenBucketBytesPerSecond);
        assertEquals(5000, i.tokenBucketBytesBurst);
    }

    @Test
    void negativeOrOversizedLimitsAreAProtocolErrorNotAnInternalOne() {
        for (String json : new String[] {"{\"TokenBucketBytesPerSecond\":-5}", "{\"TokenBucketBytesBurst\":-1}",
                                         "{\"TokenBucketBytesPerSecond\":4294967297}"}) {
            DerpProtocolException e = assertThrows(DerpProtocolException.class, () -> ServerInfo.parseJson(json));
            assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        }
    }
}

package dev.tabnet.core.wireguard;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabnet.core.testutil.FuzzInput;

/**
 * WireGuardDevice.handleDatagram fed arbitrary datagrams, on a responder that is fresh, has a session
 * (replayed handshake) or is under load. Contract ({@link WireGuardFuzzHarness.Checked}): never
 * throws, never an INTERNAL_ERROR drop, at most one drop counted per datagram, only packets that were
 * really sent get delivered, only well-formed messages go out, timers never stay due.
 *
 * <p>Input layout: byte 0 = options (bit 0: establish the recorded session first, bit 1: under load,
 * bit 2: recompute mac1 of handshake-sized datagrams so they reach the Noise code); then datagrams,
 * each a 16-bit length and that many octets, optionally preceded by 0xff and a 16-bit millisecond
 * clock advance.
 */
class WireGuardDatagramFuzzTest {

    @FuzzTest
    void datagrams(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int options = in.u8();
        WireGuardConfig config = new WireGuardConfig();
        if ((options & 2) != 0) config.loadCondition = now -> true;
        WireGuardFuzzHarness.Checked b = new WireGuardFuzzHarness.Checked(WireGuardFuzzHarness.responder(config));
        if ((options & 1) != 0 && (options & 2) == 0) {
            b.deliver(WireGuardFuzzHarness.INITIATION.clone(), "A");
            b.deliver(WireGuardFuzzHarness.A_TO_B_TRANSPORT.get(0).clone(), "A");
        }
        for (int n = 0; in.more() && n < 1000; n++) {
            int len = in.u16();
            if (len == 0xffff) {
                b.advance(in.u16() * 1_000_000L);
                continue;
            }
            byte[] d = in.bytes(len);
            if ((options & 4) != 0) WireGuardFuzzHarness.fixMac1(d, WireGuardFuzzHarness.B_PUB);
            b.deliver(d, "X");
        }
    }
}

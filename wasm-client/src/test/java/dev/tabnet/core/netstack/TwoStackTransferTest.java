package dev.tabnet.core.netstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabnet.core.tcp.CloseReason;
import dev.tabnet.core.tcp.TcpState;
import dev.tabnet.core.tcp.TcpSocket;
import org.junit.jupiter.api.Test;

/** Whole-stack transfers between two stacks over simulated faulty links with a virtual clock. */
class TwoStackTransferTest {

    private static void transfer(TwoStackHarness h, long bytes, boolean v6, long maxSteps) {
        BulkTransfer.Receiver rx = new BulkTransfer.Receiver(42);
        BulkTransfer.Sender tx = new BulkTransfer.Sender(bytes, 42);
        h.b.listen(8080, s -> rx);
        TcpSocket client = h.a.connect(v6 ? TwoStackHarness.B_ADDR6 : TwoStackHarness.B_ADDR, 8080, tx);
        long start = h.now;
        h.runUntil(() -> rx.eof && tx.closed != null && rx.closed != null, maxSteps);
        double secs = (h.now - start) / 1e9;
        System.out.printf("transfer %d bytes v6=%s: %.2f s virtual, %d steps, rtx=%d fast=%d rto=%d, link a->b lost=%d dup=%d corrupt=%d reorder=%d tail=%d; drops a=[%s] b=[%s]%n",
                bytes, v6, secs, h.steps, client.retransmittedSegments, client.fastRetransmits, client.timeouts,
                h.aToB.lost, h.aToB.duplicated, h.aToB.corrupted, h.aToB.reordered, h.aToB.tailDropped, h.a.counters(), h.b.counters());
        assertEquals(-1, rx.mismatchAt, "first corrupted byte");
        assertEquals(bytes, rx.received);
        assertTrue(tx.partialWrites > 0 || bytes < (1 << 20), "sender must have been back-pressured");
        assertEquals(CloseReason.NORMAL, tx.closed);
        assertEquals(CloseReason.NORMAL, rx.closed);
    }

    @Test
    void cleanLinkTransfersByteExact() {
        TwoStackHarness h = new TwoStackHarness(1);
        transfer(h, 4 << 20, false, 2_000_000);
    }

    @Test
    void twentyMegabytesAtFivePercentLossWithFaults() {
        TwoStackHarness h = new TwoStackHarness(7);
        for (VirtualLink l : new VirtualLink[] {h.aToB, h.bToA}) {
            l.lossRate = 0.05;
            l.reorderRate = 0.02;
            l.duplicateRate = 0.01;
            l.corruptRate = 0.01;
        }
        transfer(h, 20L << 20, false, 20_000_000);
        assertTrue(h.aToB.corrupted > 0 && h.aToB.duplicated > 0 && h.aToB.reordered > 0 && h.aToB.lost > 0);
        assertTrue(h.b.counters().totalDropped() > 0, "corrupted packets must have been counted as drops");
    }

    @Test
    void ipv6TransferWithReorderingAndDuplication() {
        TwoStackHarness h = new TwoStackHarness(3);
        for (VirtualLink l : new VirtualLink[] {h.aToB, h.bToA}) {
            l.lossRate = 0.01;
            l.reorderRate = 0.05;
            l.duplicateRate = 0.05;
        }
        transfer(h, 2 << 20, true, 5_000_000);
    }

    @Test
    void bothDirectionsAtOnce() {
        TwoStackHarness h = new TwoStackHarness(11);
        for (VirtualLink l : new VirtualLink[] {h.aToB, h.bToA}) l.lossRate = 0.03;
        BulkTransfer.Receiver rxB = new BulkTransfer.Receiver(5);
        BulkTransfer.Sender txB = new BulkTransfer.Sender(3 << 20, 6);
        h.b.listen(9000, s -> new DuplexApp(txB, rxB, s));
        BulkTransfer.Receiver rxA = new BulkTransfer.Receiver(6);
        BulkTransfer.Sender txA = new BulkTransfer.Sender(3 << 20, 5);
        rxA.closeOnEof = false;
        rxB.closeOnEof = false;
        h.a.connect(TwoStackHarness.B_ADDR, 9000, new DuplexApp(txA, rxA, null));
        h.runUntil(() -> rxA.eof && rxB.eof && txA.closed != null && txB.closed != null, 10_000_000);
        assertEquals(-1, rxA.mismatchAt);
        assertEquals(-1, rxB.mismatchAt);
        assertEquals(3 << 20, rxA.received);
        assertEquals(3 << 20, rxB.received);
    }

    /** Sends and receives on one socket. */
    static final class DuplexApp implements dev.tabnet.core.tcp.TcpListener {
        final BulkTransfer.Sender tx;
        final BulkTransfer.Receiver rx;

        DuplexApp(BulkTransfer.Sender tx, BulkTransfer.Receiver rx, TcpSocket accepted) {
            this.tx = tx;
            this.rx = rx;
            if (accepted != null) tx.pump(accepted);
        }

        @Override
        public void onConnected(TcpSocket s) {
            tx.onConnected(s);
        }

        @Override
        public void onWritable(TcpSocket s) {
            tx.onWritable(s);
        }

        @Override
        public void onReadable(TcpSocket s) {
            rx.onReadable(s);
        }

        @Override
        public void onClosed(TcpSocket s, CloseReason reason) {
            tx.onClosed(s, reason);
            rx.onClosed(s, reason);
        }
    }
}

package dev.tabnet.core.netstack;

import dev.tabnet.core.Clock;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One direction of a simulated link for the two-stack harness: fixed propagation delay, a serial
 * rate with a bounded queue (tail drop), and injected faults: random loss, duplication, corruption
 * (one flipped bit) and reordering (extra random delay).
 */
final class VirtualLink {
    double lossRate, duplicateRate, corruptRate, reorderRate;
    long delayNanos = 5_000_000L;
    long reorderExtraNanos = 3_000_000L;
    long bytesPerSecond = 50_000_000L;
    int queueLimitBytes = 512 * 1024;
    /** Optional hook deciding per packet whether to drop it (for targeted segment tests). */
    java.util.function.Predicate<byte[]> dropFilter;

    long delivered, lost, duplicated, corrupted, reordered, tailDropped;

    private final SplittableRandom random;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
    private long serializerFreeAt;
    private long order;

    VirtualLink(long seed) {
        random = new SplittableRandom(seed);
    }

    private static final class InFlight implements Comparable<InFlight> {
        final long at, order;
        final byte[] packet;
        final int size;

        InFlight(long at, long order, byte[] packet) {
            this.at = at;
            this.order = order;
            this.packet = packet;
            this.size = packet.length;
        }

        @Override
        public int compareTo(InFlight o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
        }
    }

    void send(byte[] packet, long now) {
        if (dropFilter != null && dropFilter.test(packet)) {
            lost++;
            return;
        }
        if (random.nextDouble() < lossRate) {
            lost++;
            return;
        }
        // Queue occupancy approximated by how far the serializer is booked ahead.
        long backlogNanos = Math.max(0, serializerFreeAt - now);
        if (backlogNanos * bytesPerSecond / 1_000_000_000L > queueLimitBytes) {
            tailDropped++;
            return;
        }
        long start = Math.max(now, serializerFreeAt);
        serializerFreeAt = start + packet.length * 1_000_000_000L / bytesPerSecond;
        long at = serializerFreeAt + delayNanos;
        byte[] p = packet;
        if (random.nextDouble() < corruptRate) {
            p = packet.clone();
            int bit = random.nextInt(p.length * 8);
            p[bit / 8] ^= (byte) (1 << (bit % 8));
            corrupted++;
        }
        if (random.nextDouble() < reorderRate) {
            at += 1 + random.nextLong(reorderExtraNanos);
            reordered++;
        }
        inFlight.add(new InFlight(at, order++, p));
        if (random.nextDouble() < duplicateRate) {
            duplicated++;
            inFlight.add(new InFlight(at + 1 + random.nextLong(1_000_000L), order++, p.clone()));
        }
    }

    long nextDelivery() {
        InFlight f = inFlight.peek();
        return f == null ? Clock.NEVER : f.at;
    }

    /** Removes and returns the next packet due at or before {@code now}, or null. */
    byte[] poll(long now) {
        InFlight f = inFlight.peek();
        if (f == null || f.at > now) return null;
        inFlight.poll();
        delivered++;
        return f.packet;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}

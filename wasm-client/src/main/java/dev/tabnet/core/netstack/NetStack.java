package dev.tabnet.core.netstack;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.ip.DropReason;
import dev.tabnet.core.ip.Icmp;
import dev.tabnet.core.ip.IpAddress;
import dev.tabnet.core.ip.IpPacket;
import dev.tabnet.core.ip.IpProtocol;
import dev.tabnet.core.ip.MalformedPacketException;
import dev.tabnet.core.ip.Udp;
import dev.tabnet.core.tcp.TcpConfig;
import dev.tabnet.core.tcp.TcpHost;
import dev.tabnet.core.tcp.TcpListener;
import dev.tabnet.core.tcp.TcpSegment;
import dev.tabnet.core.tcp.TcpSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A sans-I/O userspace IP stack: the driver feeds inbound IP packets with the current time
 * ({@link #receive}), fires timers ({@link #advance}) at {@link #nextDeadline()}, and drains
 * {@link #pollOutbound()} to its link (WireGuard, a test harness...). It owns TCP and UDP sockets,
 * answers ICMP/ICMPv6 echo requests addressed to it, and measures pings.
 *
 * Calls the application makes on sockets outside of callbacks (write, read, close) use the time of
 * the most recent receive/advance call; drivers call {@link #advance} with a fresh time first.
 */
public final class NetStack {
    private final NetStackConfig config;
    private final Entropy entropy;
    private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
    private final Map<ConnKey, TcpSocket> connections = new HashMap<>();
    private final Map<Integer, TcpAcceptor> listeners = new HashMap<>();
    private final Map<Integer, UdpSocket> udp = new HashMap<>();
    private final Map<Integer, PendingPing> pings = new HashMap<>();
    private final DropCounters counters = new DropCounters();
    private final Host host = new Host();
    private long now;
    private int ipIdent;
    private final int pingIdentifier;
    private int pingSequence;

    public NetStack(NetStackConfig config, Entropy entropy) {
        if (config.ipv4 == null && config.ipv6 == null) throw new IllegalArgumentException("need an address");
        this.config = config;
        this.entropy = entropy;
        this.pingIdentifier = entropy.nextInt(0x10000);
        this.ipIdent = entropy.nextInt(0x10000);
    }

    public DropCounters counters() {
        return counters;
    }

    public long now() {
        return now;
    }

    // ------------------------------------------------------------------ driver interface

    /** Processes one inbound IP packet. Malformed packets are counted and dropped, never thrown. */
    public void receive(byte[] packet, int off, int len, long nowNanos) {
        tick(nowNanos);
        counters.packetsIn++;
        try {
            IpPacket p = IpPacket.parse(packet, off, len);
            if (!isLocal(p.dst)) throw new MalformedPacketException(DropReason.NOT_FOR_US, "destination " + p.dst);
            // A packet "from" us or from an address no host has would make us answer ourselves or
            // reflect to a whole group; WireGuard's allowed IPs do not exclude these for a peer that
            // routes a wide prefix (an exit node has 0.0.0.0/0).
            if (isLocal(p.src) || p.src.isMartianSource())
                throw new MalformedPacketException(DropReason.MARTIAN_SOURCE, "source " + p.src);
            switch (p.protocol) {
                case IpProtocol.TCP:
                    receiveTcp(p);
                    break;
                case IpProtocol.UDP:
                    receiveUdp(p);
                    break;
                case IpProtocol.ICMP:
                case IpProtocol.ICMPV6:
                    if ((p.protocol == IpProtocol.ICMP) != (p.version == 4))
                        throw new MalformedPacketException(DropReason.UNSUPPORTED_PROTOCOL, "ICMP family mismatch");
                    receiveIcmp(p);
                    break;
                default:
                    throw new MalformedPacketException(DropReason.UNSUPPORTED_PROTOCOL, "protocol " + p.protocol);
            }
        } catch (MalformedPacketException e) {
            counters.count(e.reason());
        }
    }

    /** Fires every timer due at {@code nowNanos}. */
    public void advance(long nowNanos) {
        tick(nowNanos);
        List<TcpSocket> due = null;
        for (TcpSocket s : connections.values()) {
            if (s.deadline() <= now) {
                if (due == null) due = new ArrayList<>();
                due.add(s);
            }
        }
        if (due != null) for (TcpSocket s : due) s.onTimer(now);
        if (!pings.isEmpty()) {
            List<PendingPing> expired = null;
            for (Iterator<PendingPing> it = pings.values().iterator(); it.hasNext(); ) {
                PendingPing pp = it.next();
                if (pp.deadline <= now) {
                    it.remove();
                    if (expired == null) expired = new ArrayList<>();
                    expired.add(pp);
                }
            }
            if (expired != null) for (PendingPing pp : expired) pp.callback.onTimeout(pp.to, pp.sequence);
        }
    }

    /** Earliest time {@link #advance} must be called, or {@link Clock#NEVER}. */
    public long nextDeadline() {
        long d = Clock.NEVER;
        for (TcpSocket s : connections.values()) d = Math.min(d, s.deadline());
        for (PendingPing p : pings.values()) d = Math.min(d, p.deadline);
        return d;
    }

    /** Next outbound IP packet, or null when the queue is empty. */
    public byte[] pollOutbound() {
        return outbound.poll();
    }

    public boolean hasOutbound() {
        return !outbound.isEmpty();
    }

    // ------------------------------------------------------------------ application interface

    /** Starts an active open to {@code remote:port}. */
    public TcpSocket connect(IpAddress remote, int port, TcpListener listener) {
        IpAddress local = sourceFor(remote);
        int localPort = ephemeralPort(remote, port);
        TcpSocket s = TcpSocket.connect(host, tcpConfigFor(local), entropy, local, localPort, remote, port, listener);
        connections.put(new ConnKey(local, localPort, remote, port), s);
        return s;
    }

    public void listen(int port, TcpAcceptor acceptor) {
        listeners.put(port, acceptor);
    }

    public void stopListening(int port) {
        listeners.remove(port);
    }

    public UdpSocket bindUdp(int port, UdpListener listener) {
        if (port == 0) port = ephemeralUdpPort();
        if (udp.containsKey(port)) throw new IllegalStateException("UDP port in use: " + port);
        UdpSocket s = new UdpSocket(this, port, listener);
        udp.put(port, s);
        return s;
    }

    /** Sends an echo request; returns its sequence number. RTT is measured from the stack's clock. */
    public int ping(IpAddress to, byte[] data, PingCallback callback) {
        int seq = pingSequence = (pingSequence + 1) & 0xffff;
        IpAddress from = sourceFor(to);
        pings.put(seq, new PendingPing(to, seq, now, now + config.pingTimeoutNanos, callback));
        enqueue(Icmp.buildEcho(from, to, true, pingIdentifier, seq, data, nextIdent()));
        return seq;
    }

    public int connectionCount() {
        return connections.size();
    }

    // ------------------------------------------------------------------ internals

    private void tick(long nowNanos) {
        if (nowNanos > now) now = nowNanos;
    }

    private TcpConfig tcpConfigFor(IpAddress local) {
        TcpConfig c = config.tcp.copy();
        c.mss = Math.min(c.mss, config.mtu - IpPacket.headerLength(local) - TcpSegment.HEADER_LENGTH);
        return c;
    }

    private boolean isLocal(IpAddress a) {
        return a.equals(config.ipv4) || a.equals(config.ipv6);
    }

    private IpAddress sourceFor(IpAddress remote) {
        IpAddress src = remote.isV4() ? config.ipv4 : config.ipv6;
        if (src == null) throw new IllegalArgumentException("no local address of the family of " + remote);
        return src;
    }

    private int ephemeralPort(IpAddress remote, int port) {
        IpAddress local = sourceFor(remote);
        for (int i = 0; i < 1000; i++) {
            int p = 49152 + entropy.nextInt(16384); // IANA dynamic range (RFC 6335)
            if (!connections.containsKey(new ConnKey(local, p, remote, port)) && !listeners.containsKey(p)) return p;
        }
        throw new IllegalStateException("no free ephemeral port");
    }

    private int ephemeralUdpPort() {
        for (int i = 0; i < 1000; i++) {
            int p = 49152 + entropy.nextInt(16384);
            if (!udp.containsKey(p)) return p;
        }
        throw new IllegalStateException("no free UDP port");
    }

    private int nextIdent() {
        ipIdent = (ipIdent + 1) & 0xffff;
        return ipIdent;
    }

    private void enqueue(byte[] pkt) {
        if (outbound.size() >= config.maxOutboundPackets) {
            counters.outboundOverflow++;
            return;
        }
        counters.packetsOut++;
        outbound.add(pkt);
    }

    private void receiveTcp(IpPacket p) throws MalformedPacketException {
        TcpSegment seg = TcpSegment.parse(p);
        TcpSocket s = connections.get(new ConnKey(p.dst, seg.dstPort, p.src, seg.srcPort));
        if (s != null) {
            s.onSegment(seg, now);
            return;
        }
        TcpAcceptor acceptor = listeners.get(seg.dstPort);
        if (acceptor != null && seg.has(TcpSegment.SYN) && !seg.has(TcpSegment.ACK) && !seg.has(TcpSegment.RST)) {
            TcpSocket c = TcpSocket.accept(host, tcpConfigFor(p.dst), entropy, p.dst, p.src, seg);
            connections.put(new ConnKey(p.dst, seg.dstPort, p.src, seg.srcPort), c);
            return;
        }
        if (acceptor != null && seg.has(TcpSegment.RST)) return;
        // RFC 9293 3.10.7.1: a segment for no connection gets a RST unless it is one.
        if (!seg.has(TcpSegment.RST)) {
            TcpSegment r = new TcpSegment();
            r.srcPort = seg.dstPort;
            r.dstPort = seg.srcPort;
            if (seg.has(TcpSegment.ACK)) {
                r.seq = seg.ack;
                r.flags = TcpSegment.RST;
            } else {
                r.seq = 0;
                r.ack = seg.seq + seg.seqLength();
                r.flags = TcpSegment.RST | TcpSegment.ACK;
            }
            enqueue(r.toPacket(p.dst, p.src, nextIdent()));
        }
        throw new MalformedPacketException(DropReason.NO_SOCKET, "no TCP socket for port " + seg.dstPort);
    }

    private void receiveUdp(IpPacket p) throws MalformedPacketException {
        Udp.Datagram d = Udp.parse(p);
        UdpSocket s = udp.get(d.dstPort);
        if (s == null) throw new MalformedPacketException(DropReason.NO_SOCKET, "no UDP socket for port " + d.dstPort);
        s.listener.onDatagram(s, p.src, d.srcPort, d.data);
    }

    private void receiveIcmp(IpPacket p) throws MalformedPacketException {
        Icmp.Echo e = Icmp.parseEcho(p);
        if (e == null) return; // other ICMP types (unreachable, NDP...) are accepted and ignored
        if (e.request) {
            counters.echoRequestsAnswered++;
            enqueue(Icmp.buildEcho(p.dst, p.src, false, e.identifier, e.sequence, e.data, nextIdent()));
            return;
        }
        if (e.identifier != pingIdentifier) return;
        PendingPing pp = pings.get(e.sequence);
        if (pp == null || !pp.to.equals(p.src)) return;
        pings.remove(e.sequence);
        pp.callback.onReply(p.src, e.sequence, now - pp.sentAt, e.data);
    }

    boolean sendUdp(int localPort, IpAddress to, int port, byte[] data, int off, int len) {
        IpAddress from = to.isV4() ? config.ipv4 : config.ipv6;
        if (from == null || len > config.mtu - IpPacket.headerLength(from) - Udp.HEADER_LENGTH) return false;
        if (outbound.size() >= config.maxOutboundPackets) {
            counters.outboundOverflow++;
            return false;
        }
        enqueue(Udp.build(from, localPort, to, port, data, off, len, nextIdent()));
        return true;
    }

    void unbindUdp(int port) {
        udp.remove(port);
    }

    private final class Host implements TcpHost {
        @Override
        public void transmit(TcpSocket socket, TcpSegment segment) {
            enqueue(segment.toPacket(socket.localAddress, socket.remoteAddress, nextIdent()));
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void accepted(TcpSocket socket) {
            TcpAcceptor a = listeners.get(socket.localPort);
            if (a == null) {
                socket.abort();
                return;
            }
            TcpListener l = a.onAccept(socket);
            if (l != null) socket.setListener(l);
        }

        @Override
        public void terminated(TcpSocket socket) {
            connections.remove(new ConnKey(socket.localAddress, socket.localPort, socket.remoteAddress, socket.remotePort));
        }
    }

    private static final class PendingPing {
        final IpAddress to;
        final int sequence;
        final long sentAt;
        final long deadline;
        final PingCallback callback;

        PendingPing(IpAddress to, int sequence, long sentAt, long deadline, PingCallback callback) {
            this.to = to;
            this.sequence = sequence;
            this.sentAt = sentAt;
            this.deadline = deadline;
            this.callback = callback;
        }
    }
}

package dev.tabnet.core.tcp;

import dev.tabnet.core.Clock;
import dev.tabnet.core.Entropy;
import dev.tabnet.core.ip.IpAddress;

/**
 * One TCP connection (RFC 9293) and its non-blocking application API.
 *
 * Sequence numbers are mapped to 64-bit stream offsets on entry (offset 0 = first data byte after
 * the SYN) so all bookkeeping is free of 32-bit wrap-around; they are mapped back when segments are
 * built. Loss recovery uses the SACK scoreboard (RFC 6675 style: holes below the highest SACKed byte
 * are resent first) or, without SACK, NewReno partial-ack retransmission (RFC 6582). With SACK,
 * two RACK/TLP ideas from RFC 8985 keep losses from costing a 200 ms timeout: retransmissions lost
 * again are detected ({@link LostRetransmissions}) and a tail loss probe follows a silent flight.
 */
public final class TcpSocket {
    private final TcpHost host;
    private final TcpConfig config;
    public final IpAddress localAddress;
    public final int localPort;
    public final IpAddress remoteAddress;
    public final int remotePort;

    private TcpListener listener = new TcpListener() {};
    private TcpState state;

    // ---- send side (offsets) ----
    private final int iss;
    private final SendQueue sendQueue;
    private final RangeSet scoreboard = new RangeSet(); // SACKed offsets above sndUna
    private final LostRetransmissions lostRtx = new LostRetransmissions();
    private long sndUna, sndNxt, sndMax;
    private long sndWnd; // scaled peer window in bytes
    private long maxSndWnd;
    private int sndWl1, sndWl2;
    private boolean synAcked;
    private boolean finQueued, finSent, finAcked;
    private long finOffset = -1;
    private int peerMss = 536; // RFC 9293 default when no MSS option
    private int sndShift, rcvShift;
    private boolean sackOk, tsOk, wsOk;
    private final NewReno cc;
    private final RttEstimator rtt = new RttEstimator();
    private int dupAcks;
    private boolean inRecovery;
    private long recoverPoint;
    private long rtxHigh;
    private long rttTimedOffset = -1, rttTimedAt; // Karn timing when timestamps are off
    private int retries;
    private boolean wantWritable;

    // ---- receive side ----
    private int irs;
    private final ReceiveQueue receiveQueue;
    private long lastAdvertisedRight;
    private long peerFinOffset = -1;
    private boolean finReceived;
    private boolean ackNeeded;
    private int segmentsSinceAck; // in-order data segments received since our last ACK
    private long lastOooStart = -1, lastOooEnd = -1;
    private int tsRecent;
    private final int tsOffset;

    // ---- timers ----
    private long rtoDeadline = Clock.NEVER;
    private long persistDeadline = Clock.NEVER;
    private long probeDeadline = Clock.NEVER; // tail loss probe (RFC 8985 section 7)
    private boolean tailProbeOut;
    private long timeWaitDeadline = Clock.NEVER;
    private long delayedAckDeadline = Clock.NEVER;
    private int persistBackoff;

    // ---- app notifications (delivered after processing finishes) ----
    private boolean notifyAccepted, notifyConnected, notifyReadable, notifyWritable, notifyClosed, closedDelivered;
    private CloseReason closeReason;

    // ---- statistics ----
    public long segmentsSent, segmentsReceived, retransmittedSegments, fastRetransmits, timeouts, probesSent, tailProbes;

    /** Tail loss probe timeout floor (Linux uses 10 ms too) and the allowance for a peer's delayed ACK. */
    static final long TAIL_PROBE_MIN_NANOS = 10_000_000L;
    static final long DELAYED_ACK_ALLOWANCE_NANOS = 40_000_000L;

    private TcpSocket(TcpHost host, TcpConfig config, Entropy entropy, IpAddress localAddress, int localPort,
                      IpAddress remoteAddress, int remotePort) {
        this.host = host;
        this.config = config;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.iss = entropy.nextIntBits(); // RFC 9293 3.4.1 / RFC 6528: unpredictable ISN
        this.tsOffset = entropy.nextIntBits();
        this.sendQueue = new SendQueue(config.sendBufferBytes);
        this.receiveQueue = new ReceiveQueue(config.receiveBufferBytes);
        this.cc = new NewReno(config.mss);
        this.rcvShift = config.receiveWindowShift();
    }

    /** Active open: creates the socket in SYN-SENT and sends the SYN. */
    public static TcpSocket connect(TcpHost host, TcpConfig config, Entropy entropy, IpAddress local, int localPort,
                                    IpAddress remote, int remotePort, TcpListener listener) {
        TcpSocket s = new TcpSocket(host, config, entropy, local, localPort, remote, remotePort);
        if (listener != null) s.listener = listener;
        s.state = TcpState.SYN_SENT;
        s.sendSyn(host.now());
        return s;
    }

    /** Passive open: a SYN arrived for a listening port; answers with SYN-ACK. */
    public static TcpSocket accept(TcpHost host, TcpConfig config, Entropy entropy, IpAddress local, IpAddress remote,
                                   TcpSegment syn) {
        TcpSocket s = new TcpSocket(host, config, entropy, local, syn.dstPort, remote, syn.srcPort);
        s.state = TcpState.SYN_RECEIVED;
        s.irs = syn.seq;
        s.takeSynOptions(syn);
        s.sndWnd = syn.window; // never scaled in a SYN (RFC 7323 2.2)
        s.sndWl1 = syn.seq;
        s.sndWl2 = s.iss;
        s.sendSyn(host.now());
        return s;
    }

    // =====================================================================================
    // Application API (non-blocking)
    // =====================================================================================

    public void setListener(TcpListener l) {
        listener = l == null ? new TcpListener() {} : l;
        if (receiveQueue.readable() > 0 || finReceived) notifyReadable = true;
        deliverEvents();
    }

    public TcpState state() {
        return state;
    }

    /** Queues up to {@code len} bytes; returns how many were accepted (0 when the buffer is full, -1 if closed for writing). */
    public int write(byte[] b, int off, int len) {
        if (finQueued || state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return -1;
        int n = sendQueue.append(b, off, len);
        if (n < len) wantWritable = true;
        if (n > 0 && isSynchronized()) output(host.now());
        return n;
    }

    /** Free space in the send buffer. */
    public int writable() {
        return finQueued ? 0 : sendQueue.free();
    }

    /** Reads in-order data; returns 0 when none is available yet and -1 at end of stream. */
    public int read(byte[] b, int off, int len) {
        int n = receiveQueue.read(b, off, len);
        if (n == 0) return finReceived && receiveQueue.readable() == 0 ? -1 : 0;
        maybeSendWindowUpdate();
        return n;
    }

    public int available() {
        return receiveQueue.readable();
    }

    public boolean isEndOfStream() {
        return finReceived && receiveQueue.readable() == 0;
    }

    /** Graceful close of our sending direction (FIN after the queued data); reading continues. */
    public void shutdownOutput() {
        if (finQueued) return;
        switch (state) {
            case SYN_SENT:
                terminate(CloseReason.ABORTED);
                return;
            case CLOSED:
            case TIME_WAIT:
                return;
            default:
                break;
        }
        finQueued = true;
        finOffset = sendQueue.end();
        if (state == TcpState.ESTABLISHED) state = TcpState.FIN_WAIT_1;
        else if (state == TcpState.CLOSE_WAIT) state = TcpState.LAST_ACK;
        // SYN_RECEIVED: the FIN goes out once the handshake completes.
        output(host.now());
    }

    public void close() {
        shutdownOutput();
    }

    /** Sends RST and discards everything. */
    public void abort() {
        if (state == TcpState.CLOSED) return;
        if (state != TcpState.SYN_SENT && state != TcpState.TIME_WAIT) sendRst(nextSeq());
        terminate(CloseReason.ABORTED);
        deliverEvents();
    }

    // =====================================================================================
    // Input from the stack
    // =====================================================================================

    public long deadline() {
        return Math.min(Math.min(Math.min(rtoDeadline, probeDeadline), Math.min(persistDeadline, timeWaitDeadline)), delayedAckDeadline);
    }

    /** Fires timers that are due. */
    public void onTimer(long now) {
        if (now >= timeWaitDeadline) {
            timeWaitDeadline = Clock.NEVER;
            terminate(CloseReason.NORMAL);
        }
        if (now >= rtoDeadline) {
            rtoDeadline = Clock.NEVER;
            onRetransmissionTimeout(now);
        }
        if (now >= probeDeadline) {
            probeDeadline = Clock.NEVER;
            onProbeTimeout(now);
        }
        if (now >= persistDeadline) {
            persistDeadline = Clock.NEVER;
            onPersistTimeout(now);
        }
        if (now >= delayedAckDeadline) {
            delayedAckDeadline = Clock.NEVER;
            ackNeeded = true;
            output(now);
        }
        deliverEvents();
    }

    public void onSegment(TcpSegment seg, long now) {
        segmentsReceived++;
        if (state == TcpState.CLOSED) return;
        if (state == TcpState.SYN_SENT) onSegmentSynSent(seg, now);
        else onSegmentSynchronized(seg, now);
        if (state != TcpState.CLOSED) output(now);
        deliverEvents();
    }

    private void onSegmentSynSent(TcpSegment seg, long now) {
        boolean ackOk = false;
        if (seg.has(TcpSegment.ACK)) {
            if (seg.ack != iss + 1) {
                if (!seg.has(TcpSegment.RST)) sendBareRst(seg.ack);
                return;
            }
            ackOk = true;
        }
        if (seg.has(TcpSegment.RST)) {
            if (ackOk) terminate(CloseReason.REFUSED);
            return;
        }
        if (!seg.has(TcpSegment.SYN)) return;
        irs = seg.seq;
        takeSynOptions(seg);
        if (seg.hasTimestamp) tsRecent = seg.tsVal;
        if (ackOk) {
            synAcked = true;
            rtoDeadline = Clock.NEVER;
            retries = 0;
            if (rtt.backoffCount() == 0 && rttTimedOffset == -2) rtt.sample(now - rttTimedAt);
            rttTimedOffset = -1;
            sndWnd = seg.window; // the window of a SYN segment is never scaled (RFC 7323 2.2)
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
            state = TcpState.ESTABLISHED;
            notifyConnected = true;
            ackNeeded = true;
        } else {
            state = TcpState.SYN_RECEIVED; // simultaneous open
            sndWnd = seg.window;
            sendSyn(now);
        }
    }

    private void onSegmentSynchronized(TcpSegment seg, long now) {
        long segOff = rcvOffset(seg.seq);
        int dataLen = seg.payloadLength;
        long rcvNxt = receiveQueue.nextExpected() + (finReceived ? 1 : 0);
        long wnd = Math.max(0, lastAdvertisedRight - receiveQueue.nextExpected());

        if (seg.has(TcpSegment.RST)) {
            // RFC 5961 3.2: exact match resets, in-window gets a challenge ACK, others are ignored.
            if (segOff == rcvNxt || state == TcpState.SYN_RECEIVED && segOff == receiveQueue.nextExpected()) {
                terminate(state == TcpState.SYN_RECEIVED ? CloseReason.REFUSED : CloseReason.RESET);
            } else if (segOff > rcvNxt && segOff < rcvNxt + Math.max(wnd, 1)) {
                ackNeeded = true;
            }
            return;
        }
        if (seg.has(TcpSegment.SYN)) {
            if (state == TcpState.SYN_RECEIVED && seg.seq == irs) {
                sendSyn(now); // our SYN-ACK was lost; the peer retransmitted its SYN
            } else {
                ackNeeded = true; // RFC 5961 4.2 challenge ACK
            }
            return;
        }
        if (state == TcpState.TIME_WAIT) {
            if (seg.has(TcpSegment.FIN)) {
                ackNeeded = true; // retransmitted FIN: re-ACK and restart 2MSL (RFC 9293 3.10.7.4)
                timeWaitDeadline = now + config.timeWaitNanos;
            }
            return;
        }
        // Acceptability (RFC 9293 3.10.7.4 first check), in offsets.
        int segLen = seg.seqLength();
        boolean acceptable;
        if (segLen == 0) acceptable = wnd == 0 ? segOff == rcvNxt : segOff >= rcvNxt && segOff < rcvNxt + wnd;
        else acceptable = wnd > 0 && segOff < rcvNxt + wnd && segOff + segLen > rcvNxt;
        if (!acceptable) {
            ackNeeded = true; // duplicate or out-of-window: tell the peer where we are
            if (!(segOff + segLen <= rcvNxt && segLen > 0)) {
                // Still take the ACK and window of e.g. zero-window probes so our sender keeps going.
                if (seg.has(TcpSegment.ACK)) processAck(seg, now);
            }
            return;
        }
        if (seg.hasTimestamp && segOff <= rcvNxt) tsRecent = seg.tsVal;
        if (!seg.has(TcpSegment.ACK)) return;
        if (state == TcpState.SYN_RECEIVED) {
            if (seg.ack != iss + 1 && !(finSent && seg.ack == iss + 2)) {
                sendBareRst(seg.ack);
                return;
            }
            synAcked = true;
            rtoDeadline = Clock.NEVER;
            retries = 0;
            if (rttTimedOffset == -2 && rtt.backoffCount() == 0) rtt.sample(now - rttTimedAt);
            rttTimedOffset = -1;
            sndWnd = (long) seg.window << sndShift;
            maxSndWnd = sndWnd;
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
            state = finQueued ? TcpState.FIN_WAIT_1 : TcpState.ESTABLISHED;
            notifyAccepted = true;
        }
        processAck(seg, now);
        if (state == TcpState.CLOSED) return;

        if (dataLen > 0) {
            boolean inOrder = false;
            if (state == TcpState.ESTABLISHED || state == TcpState.FIN_WAIT_1 || state == TcpState.FIN_WAIT_2) {
                boolean hadHoles = !receiveQueue.outOfOrder().isEmpty();
                long grew = receiveQueue.accept(segOff, seg.payload, seg.payloadOffset, dataLen);
                if (grew > 0) notifyReadable = true;
                else if (segOff > receiveQueue.nextExpected()) {
                    lastOooStart = segOff;
                    lastOooEnd = segOff + dataLen;
                }
                inOrder = grew > 0 && !hadHoles && receiveQueue.outOfOrder().isEmpty();
            }
            // Delayed ACK (RFC 9293 3.8.6.3): in-order data is ACKed at least every second
            // segment; a single one waits until the input that arrived with it has been handled
            // (a deadline of now: the next advance), so segments that came together share one ACK.
            // Out-of-order data and data that fills a hole are ACKed at once (RFC 5681 4.2), so
            // the sender's loss recovery is not slowed.
            if (inOrder && ++segmentsSinceAck < 2) delayedAckDeadline = Math.min(delayedAckDeadline, now);
            else ackNeeded = true;
        }
        if (seg.has(TcpSegment.FIN)) {
            peerFinOffset = segOff + dataLen;
            ackNeeded = true;
        }
        if (!finReceived && peerFinOffset >= 0 && receiveQueue.nextExpected() == peerFinOffset) onFinReceived(now);
    }

    private void onFinReceived(long now) {
        finReceived = true;
        notifyReadable = true;
        ackNeeded = true;
        switch (state) {
            case SYN_RECEIVED:
            case ESTABLISHED:
                state = TcpState.CLOSE_WAIT;
                break;
            case FIN_WAIT_1:
                state = finAcked ? TcpState.TIME_WAIT : TcpState.CLOSING;
                if (state == TcpState.TIME_WAIT) enterTimeWait(now);
                break;
            case FIN_WAIT_2:
                enterTimeWait(now);
                break;
            default:
                break;
        }
    }

    private void processAck(TcpSegment seg, long now) {
        long ackOff = sendOffset(seg.ack);
        long limit = sndMax + (finSent ? 1 : 0);
        if (ackOff > limit) {
            ackNeeded = true; // acks something we never sent
            return;
        }
        // Window update (RFC 9293 SND.WL1/WL2 rule).
        long oldWnd = sndWnd;
        if (seq32Lt(sndWl1, seg.seq) || sndWl1 == seg.seq && !seq32Lt(seg.ack, sndWl2)) {
            sndWnd = (long) seg.window << sndShift;
            maxSndWnd = Math.max(maxSndWnd, sndWnd);
            sndWl1 = seg.seq;
            sndWl2 = seg.ack;
        }
        if (sndWnd > 0) {
            persistDeadline = Clock.NEVER;
            persistBackoff = 0;
        }
        if (sackOk && seg.sackBlocks.length > 0) {
            for (int i = 0; i + 1 < seg.sackBlocks.length; i += 2) {
                long s = sendOffset(seg.sackBlocks[i]), e = sendOffset(seg.sackBlocks[i + 1]);
                if (s < e && s >= ackOff && e <= sndMax) scoreboard.add(s, e);
            }
        }
        if (ackOff > sndUna || (finSent && !finAcked && ackOff == sndMax + 1)) {
            onNewAck(seg, ackOff, now);
        } else if (ackOff == sndUna && seg.payloadLength == 0 && !seg.has(TcpSegment.FIN) && sndWnd == oldWnd
                && sndMax > sndUna) {
            dupAcks++;
        }
        if (sackOk) lostRtx.onAck(sndUna, scoreboard);
        if (inRecovery) probeDeadline = Clock.NEVER; // any ACK restarts the recovery silence timer
        if (!inRecovery && sndMax > sndUna && ackOff >= recoverPoint && shouldEnterRecovery()) enterRecovery(now);
    }

    private boolean shouldEnterRecovery() {
        if (dupAcks >= 3) return true;
        // RFC 6675 IsLost(SND.UNA): more than (DupThresh - 1) * SMSS bytes SACKed above it.
        return sackOk && scoreboard.totalBytes() > 2L * effectiveMss();
    }

    private void enterRecovery(long now) {
        inRecovery = true;
        fastRetransmits++;
        recoverPoint = sndMax;
        rtxHigh = sndUna;
        lostRtx.clear();
        cc.onEnterRecovery(sndMax - sndUna);
        probeDeadline = Clock.NEVER;
        rttTimedOffset = -1;
    }

    private void onNewAck(TcpSegment seg, long ackOff, long now) {
        boolean ackedFin = finSent && ackOff == sndMax + 1;
        if (ackedFin) {
            finAcked = true;
            ackOff = sndMax;
        }
        long acked = ackOff - sndUna;
        // RTT sample: timestamps (RFC 7323 4.1) or Karn's algorithm on one timed segment.
        if (tsOk && seg.hasTimestamp && seg.tsEcr != 0) {
            long ms = (int) (tsNow(now) - seg.tsEcr);
            if (ms >= 0 && ms < 600_000) rtt.sample(ms * 1_000_000L);
        } else if (rttTimedOffset >= 0 && ackOff > rttTimedOffset) {
            rtt.sample(now - rttTimedAt);
            rttTimedOffset = -1;
        }
        sndUna = ackOff;
        if (sndNxt < sndUna) sndNxt = sndUna;
        sendQueue.ackTo(sndUna);
        scoreboard.removeBelow(sndUna);
        dupAcks = 0;
        retries = 0;
        if (inRecovery) {
            if (sndUna >= recoverPoint) {
                inRecovery = false;
                lostRtx.clear();
                cc.onExitRecovery();
            } else if (!sackOk) {
                rtxHigh = sndUna; // NewReno partial ACK: resend the next unacknowledged segment
            }
        } else {
            cc.onAck(acked);
        }
        // RFC 6298 5.2/5.3: stop or restart the timer.
        rtoDeadline = outstanding() ? now + rtt.rto() : Clock.NEVER;
        probeDeadline = Clock.NEVER; // re-armed by output() for the new flight
        tailProbeOut = false;
        if (wantWritable && sendQueue.free() >= Math.max(1, sendQueue.capacity() / 4)) {
            wantWritable = false;
            notifyWritable = true;
        }
        if (finAcked) {
            if (state == TcpState.FIN_WAIT_1) state = TcpState.FIN_WAIT_2;
            else if (state == TcpState.CLOSING) enterTimeWait(now);
            else if (state == TcpState.LAST_ACK) terminate(CloseReason.NORMAL);
        }
    }

    private void enterTimeWait(long now) {
        state = TcpState.TIME_WAIT;
        rtoDeadline = Clock.NEVER;
        persistDeadline = Clock.NEVER;
        timeWaitDeadline = now + config.timeWaitNanos;
        if (!closedDelivered) {
            closeReason = CloseReason.NORMAL;
            notifyClosed = true;
        }
    }

    private void terminate(CloseReason reason) {
        if (state == TcpState.CLOSED) return;
        boolean wasTimeWait = state == TcpState.TIME_WAIT;
        state = TcpState.CLOSED;
        rtoDeadline = persistDeadline = timeWaitDeadline = Clock.NEVER;
        if (!closedDelivered && !wasTimeWait) {
            closeReason = reason;
            notifyClosed = true;
        }
        host.terminated(this);
    }

    // =====================================================================================
    // Timers
    // =====================================================================================

    private void onRetransmissionTimeout(long now) {
        if (state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return;
        timeouts++;
        retries++;
        rtt.backOff();
        rttTimedOffset = -1;
        if (!synAcked) {
            if (retries > config.maxSynRetries) {
                terminate(CloseReason.TIMEOUT);
                return;
            }
            sendSyn(now);
            return;
        }
        if (retries > config.maxDataRetries) {
            sendRst(nextSeq());
            terminate(CloseReason.TIMEOUT);
            return;
        }
        // RFC 5681 3.1 / RFC 6582: collapse cwnd, go back to SND.UNA; SACKed data is skipped when resending.
        cc.onTimeout(sndMax - sndUna);
        probeDeadline = Clock.NEVER;
        inRecovery = false;
        lostRtx.clear();
        recoverPoint = sndMax;
        dupAcks = 0;
        sndNxt = sndUna;
        if (finSent && !finAcked) finSent = false;
        output(now);
        if (rtoDeadline == Clock.NEVER && outstanding()) rtoDeadline = now + rtt.rto();
    }

    private void onPersistTimeout(long now) {
        if (!isSynchronized() || sndNxt >= sendQueue.end()) return;
        if (sndWnd == 0) {
            // Window probe: a segment with an old sequence number makes the receiver answer with
            // an ACK carrying its current window (as Linux does), without consuming sequence space.
            probesSent++;
            TcpSegment s = baseSegment(TcpSegment.ACK);
            s.seq = seqOfSend(sndUna) - 1;
            transmit(s);
            if (persistBackoff < 10) persistBackoff++;
            armPersist(now);
        } else {
            output(now, true); // small window stuck below the SWS threshold: send what fits
        }
    }

    private void armPersist(long now) {
        long t = rtt.rto();
        for (int i = 0; i < persistBackoff && t < RttEstimator.MAX_RTO_NANOS; i++) t *= 2;
        persistDeadline = now + Math.min(t, RttEstimator.MAX_RTO_NANOS);
    }

    // =====================================================================================
    // Output
    // =====================================================================================

    private void output(long now) {
        output(now, false);
    }

    private void output(long now, boolean overrideSws) {
        if (!isSynchronized()) {
            if (ackNeeded && state == TcpState.SYN_RECEIVED) sendSyn(now);
            ackNeeded = false;
            return;
        }
        if (state == TcpState.TIME_WAIT || state == TcpState.CLOSED) {
            if (ackNeeded && state == TcpState.TIME_WAIT) sendAck();
            ackNeeded = false;
            return;
        }
        int mss = effectiveMss();
        boolean sentSomething = false;
        boolean firstRecoverySend = inRecovery && rtxHigh == sndUna && retransmitHoleAvailable();
        while (true) {
            if (inRecovery) {
                long pipe = pipeInRecovery();
                if (pipe + mss > cc.cwnd() && !firstRecoverySend) break;
                long[] again = sackOk ? lostRtx.nextToResend(sndUna, scoreboard, mss) : null;
                if (again != null) {
                    sendData(again[0], (int) (again[1] - again[0]), now, true);
                    lostRtx.sent(again[0], again[1], sndMax);
                    firstRecoverySend = false;
                    sentSomething = true;
                    continue;
                }
                long hole = nextHole();
                if (hole >= 0) {
                    long holeEnd = sackOk ? Math.min(scoreboard.nextStartAfter(hole), recoverPoint) : Math.min(sndMax, hole + mss);
                    int len = (int) Math.min(mss, holeEnd - hole);
                    if (len <= 0) break;
                    sendData(hole, len, now, true);
                    rtxHigh = hole + len;
                    if (sackOk) lostRtx.sent(hole, hole + len, sndMax);
                    firstRecoverySend = false;
                    sentSomething = true;
                    continue;
                }
                firstRecoverySend = false;
                if (!sendNewData(now, mss, pipe, overrideSws)) break;
                sentSomething = true;
            } else {
                long pipe = (sndNxt - sndUna) - scoreboard.bytesBetween(sndUna, sndNxt) - lostRtx.lostBytes(sndUna);
                if (sackOk && (pipe + mss <= cc.cwnd() || pipe <= 0)) {
                    long[] again = lostRtx.nextToResend(sndUna, scoreboard, mss); // lost again after a timeout
                    if (again != null) {
                        sendData(again[0], (int) (again[1] - again[0]), now, true);
                        lostRtx.sent(again[0], again[1], sndMax);
                        sentSomething = true;
                        continue;
                    }
                }
                if (sndNxt < sndMax) {
                    // Resending after a timeout: skip what the peer already SACKed.
                    sndNxt = scoreboard.coveredUntil(sndNxt);
                    if (sndNxt < sndMax) {
                        if (pipe + mss > cc.cwnd() && pipe > 0) break;
                        long end = Math.min(sndMax, scoreboard.nextStartAfter(sndNxt));
                        int len = (int) Math.min(mss, end - sndNxt);
                        long wndRoom = sndUna + sndWnd - sndNxt;
                        if (wndRoom <= 0) break;
                        len = (int) Math.min(len, wndRoom);
                        sendData(sndNxt, len, now, true);
                        if (sackOk) lostRtx.sent(sndNxt, sndNxt + len, sndMax);
                        sndNxt += len;
                        sentSomething = true;
                        continue;
                    }
                }
                if (!sendNewData(now, mss, pipe, overrideSws)) break;
                sentSomething = true;
            }
        }
        if (finQueued && !finSent && sndNxt == finOffset && sndMax == finOffset) {
            TcpSegment s = baseSegment(TcpSegment.ACK | TcpSegment.FIN);
            s.seq = seqOfSend(finOffset);
            finSent = true;
            transmit(s);
            sentSomething = true;
            if (rtoDeadline == Clock.NEVER) rtoDeadline = now + rtt.rto();
        }
        if (ackNeeded && !sentSomething) sendAck();
        ackNeeded = false;
        // Persist timer: unsent data, a window too small to send it, nothing in flight to trigger ACKs.
        if (!outstanding() && sndNxt < sendQueue.end() && persistDeadline == Clock.NEVER) armPersist(now);
        if (outstanding() && rtoDeadline == Clock.NEVER) rtoDeadline = now + rtt.rto();
        armTailProbe(now);
    }

    /**
     * Tail loss probe (RFC 8985 section 7): when a flight's last segments or all of its ACKs are
     * lost, nothing comes back to trigger fast recovery and only the RTO (at least 200 ms, hundreds
     * of tunnel RTTs) would recover. After two smoothed RTTs without an ACK we send one probe so the
     * peer's ACK (with SACK) reveals the state. Seen against Linux through the tunnel at 3 % loss,
     * where most timeouts were flights whose delayed ACKs were all lost.
     */
    private void armTailProbe(long now) {
        if (inRecovery) {
            // In recovery the same timer bounds how long a lost retransmission can go unnoticed.
            if (probeDeadline == Clock.NEVER && sackOk && lostRtx.hasInFlight() && rtt.srtt() > 0 && rtt.backoffCount() == 0) {
                long t = Math.max(2 * rtt.srtt(), TAIL_PROBE_MIN_NANOS);
                if (t < rtt.rto()) probeDeadline = now + t;
            }
            return;
        }
        if (probeDeadline != Clock.NEVER || tailProbeOut || !sackOk || inRecovery || sndMax <= sndUna || sndNxt != sndMax
                || rtt.srtt() <= 0 || rtt.backoffCount() > 0) return;
        long pto = Math.max(2 * rtt.srtt(), TAIL_PROBE_MIN_NANOS);
        if (sndMax - sndUna <= effectiveMss()) pto += DELAYED_ACK_ALLOWANCE_NANOS; // a lone segment may wait for a delayed ACK
        if (pto < rtt.rto()) probeDeadline = now + pto;
    }

    private void onProbeTimeout(long now) {
        if (inRecovery && isSynchronized() && state != TcpState.TIME_WAIT) {
            if (lostRtx.markInFlightLost(sndUna, scoreboard) > 0) output(now);
            return;
        }
        if (!isSynchronized() || state == TcpState.TIME_WAIT || inRecovery || sndMax <= sndUna || sndNxt != sndMax) return;
        tailProbes++;
        tailProbeOut = true;
        int mss = effectiveMss();
        long avail = (finQueued ? finOffset : sendQueue.end()) - sndMax;
        long wndRoom = sndUna + sndWnd - sndMax;
        if (avail > 0 && wndRoom > 0) { // new data if there is some, else the last segment again
            int len = (int) Math.min(mss, Math.min(avail, wndRoom));
            sendData(sndMax, len, now, false);
            sndMax += len;
            sndNxt = sndMax;
        } else {
            int len = (int) Math.min(mss, sndMax - sndUna);
            sendData(sndMax - len, len, now, true);
        }
        rtoDeadline = now + rtt.rto();
    }

    /** Sends one segment of new data if window, cwnd and sender SWS avoidance allow; false if nothing was sent. */
    private boolean sendNewData(long now, int mss, long pipe, boolean overrideSws) {
        if (sndNxt != sndMax) return false;
        long avail = (finQueued ? finOffset : sendQueue.end()) - sndNxt;
        if (avail <= 0) return false;
        long wndRoom = sndUna + sndWnd - sndNxt;
        long cwndRoom = cc.cwnd() - pipe;
        long len = Math.min(Math.min(mss, avail), Math.min(wndRoom, cwndRoom));
        if (len <= 0) return false;
        // Sender SWS avoidance (RFC 9293 3.8.6.2.1), without Nagle: full segments, the tail of the
        // queued data, or at least half the largest window the peer ever offered.
        boolean ok = len == mss || len == avail || len >= maxSndWnd / 2 || overrideSws;
        if (!ok && len < avail && cwndRoom < wndRoom) return false; // cwnd-limited: wait for ACKs
        if (!ok) return false;
        sendData(sndNxt, (int) len, now, false);
        sndNxt += len;
        sndMax = sndNxt;
        return true;
    }

    private boolean retransmitHoleAvailable() {
        return nextHole() >= 0;
    }

    /** First offset not yet SACKed and not yet retransmitted in this recovery, or -1. */
    private long nextHole() {
        long from = Math.max(rtxHigh, sndUna);
        if (sackOk) {
            long high = Math.min(scoreboard.highestEnd(), recoverPoint);
            from = scoreboard.coveredUntil(from);
            return from < high ? from : -1;
        }
        return from == sndUna && from < sndMax ? from : -1;
    }

    /** RFC 6675 pipe: outstanding bytes minus SACKed minus holes presumed lost and not yet resent. */
    private long pipeInRecovery() {
        long outstanding = sndMax - sndUna;
        if (!sackOk) return Math.max(0, outstanding - (long) dupAcks * effectiveMss());
        long sacked = scoreboard.totalBytes();
        long high = Math.min(scoreboard.highestEnd(), recoverPoint);
        long lostNotResent = 0;
        long from = Math.max(rtxHigh, sndUna);
        if (high > from) lostNotResent = (high - from) - scoreboard.bytesBetween(from, high);
        return Math.max(0, outstanding - sacked - lostNotResent - lostRtx.lostBytes(sndUna));
    }

    private void sendData(long offset, int len, long now, boolean retransmission) {
        TcpSegment s = baseSegment(TcpSegment.ACK);
        s.seq = seqOfSend(offset);
        s.payload = sendQueue.copy(offset, len);
        s.payloadOffset = 0;
        s.payloadLength = len;
        long endOff = offset + len;
        if (endOff == sendQueue.end()) s.flags |= TcpSegment.PSH;
        if (retransmission || offset < sndMax) {
            retransmittedSegments++;
            if (rttTimedOffset >= 0 && rttTimedOffset < endOff) rttTimedOffset = -1; // Karn
        } else if (!tsOk && rttTimedOffset < 0) {
            rttTimedOffset = offset;
            rttTimedAt = now;
        }
        transmit(s);
        if (rtoDeadline == Clock.NEVER) rtoDeadline = now + rtt.rto();
        persistDeadline = Clock.NEVER;
    }

    private void sendSyn(long now) {
        TcpSegment s = new TcpSegment();
        s.srcPort = localPort;
        s.dstPort = remotePort;
        s.seq = iss;
        s.flags = TcpSegment.SYN;
        s.mss = config.mss;
        if (state == TcpState.SYN_SENT) {
            if (config.windowScaling) s.windowScale = rcvShift;
            s.sackPermitted = config.sack;
            if (config.timestamps) {
                s.hasTimestamp = true;
                s.tsVal = tsNow(now);
            }
            s.window = Math.min(0xffff, receiveQueue.capacity());
        } else {
            s.flags |= TcpSegment.ACK;
            s.ack = irs + 1;
            // RFC 7323 / 2018: only echo options the peer offered.
            if (wsOk) s.windowScale = rcvShift;
            s.sackPermitted = sackOk;
            if (tsOk) {
                s.hasTimestamp = true;
                s.tsVal = tsNow(now);
                s.tsEcr = tsRecent;
            }
            s.window = Math.min(0xffff, receiveQueue.capacity());
        }
        lastAdvertisedRight = receiveQueue.nextExpected() + s.window;
        if (retries == 0) {
            rttTimedOffset = -2; // marks "timing the SYN"
            rttTimedAt = now;
        }
        segmentsSent++;
        host.transmit(this, s);
        rtoDeadline = now + rtt.rto();
    }

    private void sendAck() {
        transmit(baseSegment(TcpSegment.ACK));
    }

    private void sendRst(int seq) {
        TcpSegment s = new TcpSegment();
        s.srcPort = localPort;
        s.dstPort = remotePort;
        s.seq = seq;
        s.flags = TcpSegment.RST;
        segmentsSent++;
        host.transmit(this, s);
    }

    private void sendBareRst(int seq) {
        sendRst(seq);
    }

    /** A segment with ACK, window, timestamps and SACK blocks filled in. */
    private TcpSegment baseSegment(int flags) {
        TcpSegment s = new TcpSegment();
        s.srcPort = localPort;
        s.dstPort = remotePort;
        s.flags = flags;
        s.seq = nextSeq();
        long rcvNxt = receiveQueue.nextExpected() + (finReceived ? 1 : 0);
        s.ack = irs + 1 + (int) rcvNxt;
        segmentsSinceAck = 0; // every segment we send carries the ACK
        delayedAckDeadline = Clock.NEVER;
        long right = Math.max(receiveQueue.windowRightEdge(), lastAdvertisedRight);
        long win = Math.max(0, right - receiveQueue.nextExpected()) >> rcvShift;
        s.window = (int) Math.min(0xffff, win);
        lastAdvertisedRight = receiveQueue.nextExpected() + ((long) s.window << rcvShift);
        if (tsOk) {
            s.hasTimestamp = true;
            s.tsVal = tsNow(host.now());
            s.tsEcr = tsRecent;
        }
        if (sackOk) s.sackBlocks = sackBlocks(tsOk ? 3 : 4);
        return s;
    }

    /** RFC 2018 section 4: the first block covers the most recently received out-of-order segment. */
    private int[] sackBlocks(int max) {
        RangeSet ooo = receiveQueue.outOfOrder();
        if (ooo.isEmpty()) return TcpSegment.NO_BLOCKS;
        int n = Math.min(max, ooo.size());
        int[] out = new int[n * 2];
        int k = 0;
        int first = -1;
        for (int i = 0; i < ooo.size(); i++) {
            if (lastOooStart >= ooo.start(i) && lastOooStart < ooo.end(i)) first = i;
        }
        if (first >= 0) {
            out[k++] = irs + 1 + (int) ooo.start(first);
            out[k++] = irs + 1 + (int) ooo.end(first);
        }
        for (int i = ooo.size() - 1; i >= 0 && k < out.length; i--) {
            if (i == first) continue;
            out[k++] = irs + 1 + (int) ooo.start(i);
            out[k++] = irs + 1 + (int) ooo.end(i);
        }
        return out;
    }

    private void transmit(TcpSegment s) {
        segmentsSent++;
        host.transmit(this, s);
    }

    private void maybeSendWindowUpdate() {
        if (!isSynchronized() || finReceived || state == TcpState.CLOSED || state == TcpState.TIME_WAIT) return;
        long newRight = receiveQueue.windowRightEdge();
        long grown = newRight - lastAdvertisedRight;
        long currentWnd = lastAdvertisedRight - receiveQueue.nextExpected();
        // Receiver SWS avoidance (RFC 9293 3.8.6.2.2): announce only a meaningful increase.
        long threshold = Math.min(receiveQueue.capacity() / 2, 2L * config.mss);
        if (grown >= threshold || (currentWnd < config.mss && grown >= config.mss)) sendAck();
    }

    // =====================================================================================
    // Helpers
    // =====================================================================================

    private void takeSynOptions(TcpSegment syn) {
        if (syn.mss > 0) peerMss = syn.mss;
        if (config.windowScaling && syn.windowScale >= 0) {
            wsOk = true;
            sndShift = syn.windowScale;
        } else {
            sndShift = 0;
            rcvShift = 0; // RFC 7323 2.2: scaling only if both sides sent the option
        }
        sackOk = config.sack && syn.sackPermitted;
        tsOk = config.timestamps && syn.hasTimestamp;
        if (tsOk) tsRecent = syn.tsVal;
        cc.setMss(effectiveMss());
    }

    /** Largest payload we put in one segment (peer MSS and ours, minus the timestamp option). */
    public int effectiveMss() {
        int m = Math.min(peerMss, config.mss);
        if (tsOk) m -= 12;
        return Math.max(m, 64);
    }

    private boolean outstanding() {
        return sndMax > sndUna || (finSent && !finAcked);
    }

    private boolean isSynchronized() {
        return state != TcpState.SYN_SENT && state != TcpState.SYN_RECEIVED;
    }

    private int tsNow(long now) {
        return (int) (now / 1_000_000L) + tsOffset;
    }

    private int seqOfSend(long offset) {
        return iss + 1 + (int) offset;
    }

    /**
     * SND.NXT as a sequence number: once our FIN is out (and not being resent), it occupies one
     * sequence number, so ACKs and RSTs after it carry FIN+1. Linux drops a bare ACK at the FIN's
     * own sequence number as out-of-window (it answers with a duplicate ACK and ignores our ACK).
     */
    private int nextSeq() {
        return seqOfSend(sndNxt) + (finSent && sndNxt == finOffset ? 1 : 0);
    }

    private long sendOffset(int seq) {
        return sndUna + (seq - seqOfSend(sndUna));
    }

    private long rcvOffset(int seq) {
        long nxt = receiveQueue.nextExpected();
        return nxt + (seq - (irs + 1 + (int) nxt));
    }

    private static boolean seq32Lt(int a, int b) {
        return a - b < 0;
    }

    private void deliverEvents() {
        if (notifyAccepted) {
            notifyAccepted = false;
            host.accepted(this); // the acceptor installs the application's listener here
        }
        TcpListener l = listener;
        if (notifyConnected) {
            notifyConnected = false;
            l.onConnected(this);
        }
        if (notifyReadable) {
            notifyReadable = false;
            l.onReadable(this);
        }
        if (notifyWritable) {
            notifyWritable = false;
            l.onWritable(this);
        }
        if (notifyClosed && !closedDelivered) {
            notifyClosed = false;
            closedDelivered = true;
            l.onClosed(this, closeReason);
        }
    }

    // Read-only views used by tests and statistics.
    public long congestionWindow() {
        return cc.cwnd();
    }

    public long slowStartThreshold() {
        return cc.ssthresh();
    }

    public long smoothedRttNanos() {
        return rtt.srtt();
    }

    public long retransmissionTimeoutNanos() {
        return rtt.rto();
    }

    public long sendWindow() {
        return sndWnd;
    }

    public boolean sackEnabled() {
        return sackOk;
    }

    public boolean timestampsEnabled() {
        return tsOk;
    }

    public int sendWindowShift() {
        return sndShift;
    }

    public int receiveWindowShift() {
        return rcvShift;
    }

    /** Retransmissions found lost again during SACK recovery (and resent without waiting for the RTO). */
    public long lostRetransmissions() {
        return lostRtx.detected;
    }

    public boolean inFastRecovery() {
        return inRecovery;
    }

    @Override
    public String toString() {
        return "tcp " + localAddress + ":" + localPort + " <-> " + remoteAddress + ":" + remotePort + " " + state;
    }
}

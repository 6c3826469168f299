package dev.tabnet.core.http2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Client side of one HTTP/2 connection (RFC 9113), sans-I/O: feed it the bytes the peer sent with
 * {@link #onBytes}, send what {@link #takeOutput} returns, in order, over any reliable byte stream
 * (prior knowledge, §3.3: no upgrade, no ALPN; e.g. inside a Noise channel).
 *
 * <p>Requests start with {@link #request}; responses arrive through each stream's
 * {@link Http2StreamListener}. Flow control keeps long responses flowing: received data is returned
 * to the connection and stream windows as the application consumes it (automatically with
 * {@link Http2Config#autoConsume}), with WINDOW_UPDATE once half a window is used. Request bodies
 * are sent as the peer's windows allow; DATA frames are produced lazily when output is taken.
 *
 * <p>Errors in received frames never throw: a stream error resets the stream (RST_STREAM), a
 * connection error queues GOAWAY with the RFC's error code, resets all streams and calls
 * {@link Http2ConnectionListener#onClosed}. Single-threaded, no clocks: PINGs are answered
 * immediately, and any keep-alive or timeout policy belongs to the caller.
 */
public final class Http2Connection {
    private static final int MAX_STREAM_ID = Integer.MAX_VALUE;
    private static final byte[] EMPTY = new byte[0];

    private final Http2Config config;
    private final Http2ConnectionListener listener;
    private final HpackEncoder encoder;
    private final HpackDecoder decoder;
    private final FrameReader reader = new FrameReader();
    private final ByteSink out = new ByteSink(16 * 1024);
    private final ByteSink headerScratch = new ByteSink(1024);
    private final ByteSink headerBlock = new ByteSink(1024);
    private final Settings peer = new Settings();

    private final HashMap<Integer, Http2Stream> streams = new HashMap<>();
    private final ArrayDeque<Http2Stream> waiting = new ArrayDeque<>(); // not yet given a stream id
    private final ArrayDeque<Http2Stream> sendRing = new ArrayDeque<>(); // open, with body to send

    private int nextStreamId = 1;
    private long connSendWindow = Settings.DEFAULT_WINDOW_SIZE;
    private long connRecvWindow;
    private long connUnannounced;
    private boolean serverPrefaceSeen;
    private int unackedSettings;
    private int continuationStreamId; // stream whose header block is incomplete, or 0
    private boolean continuationEndStream;

    private boolean goAwayReceived;
    private int goAwayLastStreamId = MAX_STREAM_ID;
    private int goAwayCode;
    private String goAwayReason;
    private boolean goAwaySent;
    private boolean closed;
    private int closeCode = -1;
    private String closeReason;

    private long ignoredFrames;
    private long pingsAnswered;
    private long windowUpdatesSent;

    public Http2Connection(Http2Config config, Http2ConnectionListener listener) {
        this.config = config;
        this.listener = listener != null ? listener : new Http2ConnectionListener() {};
        if (config.initialStreamWindow < Settings.DEFAULT_WINDOW_SIZE || config.connectionWindow < Settings.DEFAULT_WINDOW_SIZE) {
            // A smaller window would be binding before our SETTINGS is acknowledged; keep the rules simple.
            throw new IllegalArgumentException("windows must be at least " + Settings.DEFAULT_WINDOW_SIZE);
        }
        if (config.maxFrameSize < Settings.MIN_MAX_FRAME_SIZE || config.maxFrameSize > Settings.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize out of range: " + config.maxFrameSize);
        }
        encoder = new HpackEncoder(Math.min(4096, config.headerTableSize), config.huffman);
        decoder = new HpackDecoder(4096); // the peer's encoder starts from the default size
        decoder.setMaxTableSizeLimit(Math.max(4096, config.headerTableSize));
        out.write(FrameWriter.CLIENT_PREFACE, 0, FrameWriter.CLIENT_PREFACE.length);
        FrameWriter.settings(out, new int[] {
            Settings.SETTINGS_ENABLE_PUSH, 0,
            Settings.SETTINGS_HEADER_TABLE_SIZE, config.headerTableSize,
            Settings.SETTINGS_INITIAL_WINDOW_SIZE, config.initialStreamWindow,
            Settings.SETTINGS_MAX_FRAME_SIZE, config.maxFrameSize,
            Settings.SETTINGS_MAX_HEADER_LIST_SIZE, config.maxHeaderListSize,
        });
        unackedSettings++;
        connRecvWindow = config.connectionWindow;
        if (config.connectionWindow > Settings.DEFAULT_WINDOW_SIZE) {
            FrameWriter.windowUpdate(out, 0, config.connectionWindow - Settings.DEFAULT_WINDOW_SIZE);
            windowUpdatesSent++;
        }
    }

    // ------------------------------------------------------------------ application API

    /**
     * Starts a request. {@code headers} are regular (non-pseudo) fields; names are lowercased. With
     * {@code endStream} the body (may be null) is the whole request; otherwise continue it with
     * {@link Http2Stream#write} / {@link Http2Stream#end}. If the connection is closing the listener's
     * onReset (refused) is called before this returns.
     */
    public Http2Stream request(String method, String path, List<HeaderField> headers, byte[] body, boolean endStream, Http2StreamListener streamListener) {
        Http2Stream s = new Http2Stream(this, streamListener != null ? streamListener : new Http2StreamListener() {});
        List<HeaderField> fields = new ArrayList<>();
        fields.add(new HeaderField(":method", method));
        fields.add(new HeaderField(":scheme", config.scheme));
        fields.add(new HeaderField(":authority", config.authority));
        fields.add(new HeaderField(":path", path));
        if (headers != null) {
            for (HeaderField h : headers) fields.add(new HeaderField(lowercase(h.name), h.value, h.sensitive));
        }
        s.requestHeaders = fields;
        if (body != null && body.length > 0) {
            s.sendQueue.add(body.clone());
            s.sendQueued = body.length;
        }
        s.endQueued = endStream;
        s.endStreamWithHeaders = endStream && s.sendQueued == 0;
        if (closed || goAwayReceived || goAwaySent) {
            s.closed = true;
            s.listener.onReset(s, ErrorCode.REFUSED_STREAM, true, closed ? "connection closed" : "connection is going away");
            return s;
        }
        waiting.add(s);
        openWaiting();
        return s;
    }

    /** Sends a PING; the peer's ACK arrives as {@link Http2ConnectionListener#onPingAck}. */
    public void ping(long payload) {
        if (!closed) FrameWriter.ping(out, false, payload);
    }

    /** Graceful shutdown: GOAWAY(NO_ERROR), no new requests; onClosed once the open streams end. */
    public void close() {
        if (closed || goAwaySent) return;
        FrameWriter.goAway(out, 0, ErrorCode.NO_ERROR, EMPTY);
        goAwaySent = true;
        for (Http2Stream s : new ArrayList<>(waiting)) refuse(s, "connection closed by us");
        waiting.clear();
        maybeFinishConnection();
    }

    /** The transport ended (EOF or error): every stream is reset, nothing more is sent. */
    public void onTransportClosed() {
        if (closed) return;
        finish(ErrorCode.CANCEL, "transport closed", false);
    }

    /** Whether bytes are ready to send (this may produce DATA frames allowed by flow control). */
    public boolean hasOutput() {
        pump();
        return out.length() > 0;
    }

    /** Bytes to send, at most about {@link Http2Config#outputChunk}; empty when nothing is pending. */
    public byte[] takeOutput() {
        pump();
        if (out.length() == 0) return EMPTY;
        byte[] b = out.toByteArray();
        out.clear();
        return b;
    }

    /** Copies up to len pending bytes into dst; returns the count (0 when nothing is pending). */
    public int takeOutput(byte[] dst, int off, int len) {
        pump();
        int n = Math.min(len, out.length());
        System.arraycopy(out.array(), 0, dst, off, n);
        out.discard(n);
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Error code the connection finished with (-1 while open). */
    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean goAwayReceived() {
        return goAwayReceived;
    }

    /** The peer's current settings (read only). */
    public Settings peerSettings() {
        return peer;
    }

    public int openStreams() {
        return streams.size();
    }

    public int waitingStreams() {
        return waiting.size();
    }

    public long connectionSendWindow() {
        return connSendWindow;
    }

    /** Octets in the HPACK dynamic table the peer's encoder fills (shows the peer indexes our way). */
    public int hpackDecoderTableSize() {
        return decoder.dynamicTableSize();
    }

    public int hpackEncoderTableSize() {
        return encoder.dynamicTableSize();
    }

    public long ignoredFrames() {
        return ignoredFrames;
    }

    public long pingsAnswered() {
        return pingsAnswered;
    }

    public long windowUpdatesSent() {
        return windowUpdatesSent;
    }

    // ------------------------------------------------------------------ input

    /** Feeds bytes received from the peer. Never throws on bad input (see the class comment). */
    public void onBytes(byte[] b, int off, int len) {
        if (closed) return;
        try {
            reader.append(b, off, len);
            while (!closed) {
                int frameLen = reader.peekLength();
                if (frameLen < 0) break;
                if (frameLen > config.maxFrameSize) {
                    throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "frame of " + frameLen + " octets exceeds SETTINGS_MAX_FRAME_SIZE " + config.maxFrameSize);
                }
                if (!reader.next()) break;
                handleFrame();
            }
        } catch (ConnectionError e) {
            fail(e.code, e.getMessage());
        } catch (RuntimeException e) {
            fail(ErrorCode.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    private void handleFrame() throws ConnectionError {
        int type = reader.type;
        if (!serverPrefaceSeen) {
            if (type != FrameType.SETTINGS || (reader.flags & FrameType.FLAG_ACK) != 0) {
                throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "server preface must start with SETTINGS, got " + FrameType.name(type));
            }
            serverPrefaceSeen = true;
        }
        if (continuationStreamId != 0 && type != FrameType.CONTINUATION) {
            throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, FrameType.name(type) + " inside the header block of stream " + continuationStreamId);
        }
        switch (type) {
            case FrameType.DATA: onData(); break;
            case FrameType.HEADERS: onHeaders(); break;
            case FrameType.PRIORITY: onPriority(); break;
            case FrameType.RST_STREAM: onRstStream(); break;
            case FrameType.SETTINGS: onSettings(); break;
            case FrameType.PUSH_PROMISE:
                throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE although SETTINGS_ENABLE_PUSH is 0");
            case FrameType.PING: onPing(); break;
            case FrameType.GOAWAY: onGoAway(); break;
            case FrameType.WINDOW_UPDATE: onWindowUpdate(); break;
            case FrameType.CONTINUATION: onContinuation(); break;
            default: ignoredFrames++; // §5.5: unknown frame types are ignored
        }
    }

    private void onData() throws ConnectionError {
        int sid = reader.streamId, len = reader.length, p = reader.payloadOffset;
        if (sid == 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
        int dataOff = p, dataLen = len;
        if ((reader.flags & FrameType.FLAG_PADDED) != 0) {
            if (len < 1) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "padded DATA without a pad length");
            int pad = reader.u8(p);
            if (pad >= len) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "DATA padding " + pad + " exceeds the payload");
            dataOff = p + 1;
            dataLen = len - 1 - pad;
        }
        // §6.9.1: the whole frame, padding included, counts against both windows.
        if (len > connRecvWindow) {
            throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + len + " octets exceeds the connection window " + connRecvWindow);
        }
        connRecvWindow -= len;
        Http2Stream s = streams.get(sid);
        if (s == null) {
            checkNotIdle(sid, "DATA");
            ignoredFrames++; // closed (e.g. reset by us): §5.1 says ignore
            credit(null, len);
            return;
        }
        if (s.remoteEnded) {
            credit(null, len);
            resetStream(s, ErrorCode.STREAM_CLOSED, "DATA after END_STREAM");
            return;
        }
        if (len > s.recvWindow) {
            credit(null, len);
            resetStream(s, ErrorCode.FLOW_CONTROL_ERROR, "DATA of " + len + " octets exceeds the stream window " + s.recvWindow);
            return;
        }
        s.recvWindow -= len;
        if (!s.finalHeadersReceived) {
            credit(null, len);
            resetStream(s, ErrorCode.PROTOCOL_ERROR, "DATA before the response headers");
            return;
        }
        if (len > dataLen) credit(s, len - dataLen); // padding is consumed at once
        boolean end = (reader.flags & FrameType.FLAG_END_STREAM) != 0;
        if (end) s.remoteEnded = true;
        if (config.autoConsume) {
            if (dataLen > 0 || end) s.listener.onData(s, reader.buffer(), dataOff, dataLen, end);
            if (dataLen > 0) credit(s, dataLen);
        } else {
            s.unconsumed += dataLen;
            if (dataLen > 0 || end) s.listener.onData(s, reader.buffer(), dataOff, dataLen, end);
        }
        if (end) maybeFinish(s);
    }

    private void onHeaders() throws ConnectionError {
        int sid = reader.streamId, len = reader.length, p = reader.payloadOffset, flags = reader.flags;
        if (sid == 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0");
        int pos = p, pad = 0;
        if ((flags & FrameType.FLAG_PADDED) != 0) {
            if (len < 1) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "padded HEADERS without a pad length");
            pad = reader.u8(pos++);
        }
        if ((flags & FrameType.FLAG_PRIORITY) != 0) pos += 5; // priority signal (deprecated, §5.3.2): skipped
        if (pos + pad > p + len) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "HEADERS padding/priority exceed the payload");
        headerBlock.clear();
        appendHeaderBlock(pos, p + len - pad - pos);
        continuationEndStream = (flags & FrameType.FLAG_END_STREAM) != 0;
        if ((flags & FrameType.FLAG_END_HEADERS) != 0) {
            onHeaderBlock(sid, continuationEndStream);
        } else {
            continuationStreamId = sid;
        }
    }

    private void onContinuation() throws ConnectionError {
        int sid = reader.streamId;
        if (continuationStreamId == 0 || sid != continuationStreamId) {
            throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "unexpected CONTINUATION on stream " + sid);
        }
        appendHeaderBlock(reader.payloadOffset, reader.length);
        if ((reader.flags & FrameType.FLAG_END_HEADERS) != 0) {
            continuationStreamId = 0;
            onHeaderBlock(sid, continuationEndStream);
        }
    }

    private void appendHeaderBlock(int pos, int n) throws ConnectionError {
        if ((long) headerBlock.length() + n > config.maxHeaderListSize) {
            // Refusing to decode would desynchronize HPACK, so an oversized block ends the connection.
            throw new ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, "header block larger than " + config.maxHeaderListSize + " octets");
        }
        headerBlock.write(reader.buffer(), pos, n);
    }

    private void onHeaderBlock(int sid, boolean endStream) throws ConnectionError {
        List<HeaderField> fields;
        try {
            fields = decoder.decode(headerBlock.array(), 0, headerBlock.length());
        } catch (HpackException e) {
            throw new ConnectionError(ErrorCode.COMPRESSION_ERROR, "HPACK: " + e.getMessage());
        }
        Http2Stream s = streams.get(sid);
        if (s == null) {
            checkNotIdle(sid, "HEADERS");
            ignoredFrames++;
            return;
        }
        if (s.remoteEnded) {
            resetStream(s, ErrorCode.STREAM_CLOSED, "HEADERS after END_STREAM");
            return;
        }
        long listSize = 0;
        for (HeaderField f : fields) listSize += f.hpackSize();
        if (listSize > config.maxHeaderListSize) {
            resetStream(s, ErrorCode.PROTOCOL_ERROR, "header list of " + listSize + " octets exceeds SETTINGS_MAX_HEADER_LIST_SIZE");
            return;
        }
        if (!s.finalHeadersReceived) {
            int status = -1;
            boolean regularSeen = false;
            List<HeaderField> regular = new ArrayList<>(fields.size());
            for (HeaderField f : fields) {
                if (f.name.startsWith(":")) {
                    if (regularSeen || !f.name.equals(":status") || status != -1) {
                        resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: unexpected pseudo-header " + f.name);
                        return;
                    }
                    status = parseStatus(f.value);
                    if (status < 0) {
                        resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: :status \"" + f.value + "\"");
                        return;
                    }
                } else {
                    String why = invalidField(f);
                    if (why != null) {
                        resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: " + why);
                        return;
                    }
                    regularSeen = true;
                    regular.add(f);
                }
            }
            if (status < 0) {
                resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: no :status");
                return;
            }
            if (status < 200) { // informational (§8.1): more headers follow
                if (endStream || status == 101) resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: status " + status + (endStream ? " with END_STREAM" : ""));
                return;
            }
            s.finalHeadersReceived = true;
            s.status = status;
            if (endStream) s.remoteEnded = true;
            s.listener.onHeaders(s, status, regular, endStream);
        } else {
            if (!endStream) {
                resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed response: trailers without END_STREAM");
                return;
            }
            for (HeaderField f : fields) {
                String why = f.name.startsWith(":") ? "pseudo-header " + f.name + " in trailers" : invalidField(f);
                if (why != null) {
                    resetStream(s, ErrorCode.PROTOCOL_ERROR, "malformed trailers: " + why);
                    return;
                }
            }
            s.remoteEnded = true;
            s.listener.onTrailers(s, fields);
        }
        if (s.remoteEnded) maybeFinish(s);
    }

    private void onPriority() throws ConnectionError {
        if (reader.streamId == 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "PRIORITY on stream 0");
        if (reader.length != 5) {
            Http2Stream s = streams.get(reader.streamId);
            if (s != null) resetStream(s, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of length " + reader.length);
            else if (isIdle(reader.streamId)) {
                // §6.4 forbids RST_STREAM on an idle stream, so this stream error becomes a connection error.
                throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "PRIORITY of length " + reader.length + " on idle stream " + reader.streamId);
            } else FrameWriter.rstStream(out, reader.streamId, ErrorCode.FRAME_SIZE_ERROR);
        }
        // Otherwise ignored: prioritization is advisory and deprecated (§5.3.2).
    }

    private void onRstStream() throws ConnectionError {
        int sid = reader.streamId;
        if (sid == 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on stream 0");
        if (reader.length != 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM of length " + reader.length);
        Http2Stream s = streams.get(sid);
        if (s == null) {
            checkNotIdle(sid, "RST_STREAM");
            return;
        }
        int code = reader.i32(reader.payloadOffset);
        closeStream(s);
        s.listener.onReset(s, code, code == ErrorCode.REFUSED_STREAM, "RST_STREAM " + ErrorCode.name(code) + " from the peer");
    }

    private void onSettings() throws ConnectionError {
        if (reader.streamId != 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "SETTINGS on stream " + reader.streamId);
        if ((reader.flags & FrameType.FLAG_ACK) != 0) {
            if (reader.length != 0) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
            if (unackedSettings > 0 && --unackedSettings == 0) decoder.setMaxTableSizeLimit(config.headerTableSize);
            return;
        }
        if (reader.length % 6 != 0) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS length " + reader.length + " is not a multiple of 6");
        for (int pos = reader.payloadOffset; pos < reader.payloadOffset + reader.length; pos += 6) {
            int id = reader.u16(pos);
            long value = reader.i32(pos + 2) & 0xffffffffL;
            switch (id) {
                case Settings.SETTINGS_HEADER_TABLE_SIZE: {
                    peer.headerTableSize = value;
                    int size = (int) Math.min(value, Math.min(4096, config.headerTableSize));
                    if (size != encoderTableSize) {
                        encoderTableSize = size;
                        encoder.setMaxTableSize(size);
                    }
                    break;
                }
                case Settings.SETTINGS_ENABLE_PUSH:
                    if (value != 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "server sent SETTINGS_ENABLE_PUSH " + value);
                    peer.enablePush = value;
                    break;
                case Settings.SETTINGS_MAX_CONCURRENT_STREAMS:
                    peer.maxConcurrentStreams = value;
                    break;
                case Settings.SETTINGS_INITIAL_WINDOW_SIZE: {
                    if (value > Settings.MAX_WINDOW_SIZE) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value);
                    long delta = value - peer.initialWindowSize;
                    peer.initialWindowSize = value;
                    for (Http2Stream s : streams.values()) { // §6.9.2: adjusts every open stream
                        s.sendWindow += delta;
                        if (s.sendWindow > Settings.MAX_WINDOW_SIZE) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "stream window overflow after SETTINGS_INITIAL_WINDOW_SIZE");
                        if (delta > 0) schedule(s);
                    }
                    break;
                }
                case Settings.SETTINGS_MAX_FRAME_SIZE:
                    if (value < Settings.MIN_MAX_FRAME_SIZE || value > Settings.MAX_MAX_FRAME_SIZE) {
                        throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE " + value + " out of range");
                    }
                    peer.maxFrameSize = value;
                    break;
                case Settings.SETTINGS_MAX_HEADER_LIST_SIZE:
                    peer.maxHeaderListSize = value;
                    break;
                default: // §6.5.2: unknown settings are ignored
            }
        }
        FrameWriter.settingsAck(out);
        listener.onSettings(peer);
        openWaiting();
    }

    private int encoderTableSize = 4096;

    private void onPing() throws ConnectionError {
        if (reader.streamId != 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "PING on stream " + reader.streamId);
        if (reader.length != 8) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "PING of length " + reader.length);
        long payload = ((long) reader.i32(reader.payloadOffset) << 32) | (reader.i32(reader.payloadOffset + 4) & 0xffffffffL);
        if ((reader.flags & FrameType.FLAG_ACK) != 0) {
            listener.onPingAck(payload);
        } else {
            FrameWriter.ping(out, true, payload);
            pingsAnswered++;
        }
    }

    private void onGoAway() throws ConnectionError {
        if (reader.streamId != 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "GOAWAY on stream " + reader.streamId);
        if (reader.length < 8) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY of length " + reader.length);
        int last = reader.i32(reader.payloadOffset) & 0x7fffffff;
        int code = reader.i32(reader.payloadOffset + 4);
        byte[] debug = new byte[reader.length - 8];
        System.arraycopy(reader.buffer(), reader.payloadOffset + 8, debug, 0, debug.length);
        goAwayReceived = true;
        goAwayLastStreamId = Math.min(goAwayLastStreamId, last); // §6.8: the id may only go down
        String why = "GOAWAY " + ErrorCode.name(code) + " (last stream " + goAwayLastStreamId + ")";
        List<Http2Stream> refused = new ArrayList<>();
        for (Http2Stream s : streams.values()) if (s.id > goAwayLastStreamId) refused.add(s);
        for (Http2Stream s : refused) {
            closeStreamQuietly(s);
            s.listener.onReset(s, ErrorCode.REFUSED_STREAM, true, why);
        }
        List<Http2Stream> notStarted = new ArrayList<>(waiting);
        waiting.clear();
        for (Http2Stream s : notStarted) refuse(s, why);
        listener.onGoAway(goAwayLastStreamId, code, debug);
        goAwayCode = code;
        goAwayReason = why;
        maybeFinishConnection();
    }

    private void onWindowUpdate() throws ConnectionError {
        int sid = reader.streamId;
        if (reader.length != 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE of length " + reader.length);
        int increment = reader.i32(reader.payloadOffset) & 0x7fffffff;
        if (sid == 0) {
            if (increment == 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0 on the connection");
            connSendWindow += increment;
            if (connSendWindow > Settings.MAX_WINDOW_SIZE) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "connection send window above 2^31-1");
            return;
        }
        Http2Stream s = streams.get(sid);
        if (s == null) {
            checkNotIdle(sid, "WINDOW_UPDATE");
            return;
        }
        if (increment == 0) {
            resetStream(s, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE with increment 0");
            return;
        }
        s.sendWindow += increment;
        if (s.sendWindow > Settings.MAX_WINDOW_SIZE) {
            resetStream(s, ErrorCode.FLOW_CONTROL_ERROR, "stream send window above 2^31-1");
            return;
        }
        schedule(s);
    }

    /** Frames on a stream we never opened (§5.1 "idle") are a connection error; closed ones are not. */
    private void checkNotIdle(int sid, String what) throws ConnectionError {
        if (isIdle(sid)) {
            throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, what + " on idle stream " + sid);
        }
    }

    /** A stream id we never opened (servers cannot open streams: push is disabled). */
    private boolean isIdle(int sid) {
        return (sid & 1) == 0 || sid >= nextStreamId;
    }

    // ------------------------------------------------------------------ streams

    private void openWaiting() {
        while (!waiting.isEmpty() && !closed && streams.size() < peer.maxConcurrentStreams) {
            Http2Stream s = waiting.poll();
            if (nextStreamId > MAX_STREAM_ID || nextStreamId < 0) {
                refuse(s, "stream identifiers exhausted");
                continue;
            }
            s.id = nextStreamId;
            nextStreamId += 2;
            streams.put(s.id, s);
            s.sendWindow = peer.initialWindowSize;
            s.recvWindow = config.initialStreamWindow;
            headerScratch.clear();
            encoder.encode(s.requestHeaders, headerScratch);
            FrameWriter.headers(out, s.id, headerScratch.array(), headerScratch.length(), s.endStreamWithHeaders, (int) peer.maxFrameSize);
            s.requestHeaders = null;
            if (s.endStreamWithHeaders) s.localEnded = true;
            else schedule(s);
        }
    }

    private void refuse(Http2Stream s, String why) {
        s.closed = true;
        s.listener.onReset(s, ErrorCode.REFUSED_STREAM, true, why);
    }

    void write(Http2Stream s, byte[] b, int off, int len, boolean end) {
        if (s.closed || s.endQueued) return;
        if (len > 0) {
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            s.sendQueue.add(copy);
            s.sendQueued += len;
        }
        if (end) s.endQueued = true;
        if (s.id != 0) schedule(s);
    }

    void consume(Http2Stream s, int n) {
        if (n <= 0 || closed || config.autoConsume) return;
        int take = (int) Math.min(n, s.unconsumed);
        s.unconsumed -= take;
        credit(s.closed ? null : s, take);
    }

    void cancel(Http2Stream s) {
        if (s.closed) return;
        if (s.id == 0) {
            waiting.remove(s);
            s.closed = true;
            s.listener.onReset(s, ErrorCode.CANCEL, false, "cancelled");
            return;
        }
        resetStream(s, ErrorCode.CANCEL, "cancelled");
    }

    /** Returns n consumed octets to the connection window and (if s is open) the stream window. */
    private void credit(Http2Stream s, long n) {
        if (n <= 0 || closed) return;
        connUnannounced += n;
        if (connUnannounced >= config.connectionWindow / 2) {
            FrameWriter.windowUpdate(out, 0, (int) connUnannounced);
            windowUpdatesSent++;
            connRecvWindow += connUnannounced;
            connUnannounced = 0;
        }
        if (s != null && !s.closed && !s.remoteEnded) {
            s.unannounced += n;
            if (s.unannounced >= config.initialStreamWindow / 2) {
                FrameWriter.windowUpdate(out, s.id, (int) s.unannounced);
                windowUpdatesSent++;
                s.recvWindow += s.unannounced;
                s.unannounced = 0;
            }
        }
    }

    /** A stream error we detected (§5.4.2): RST_STREAM, then the application hears onReset. */
    private void resetStream(Http2Stream s, int code, String reason) {
        if (s.closed) return;
        FrameWriter.rstStream(out, s.id, code);
        closeStream(s);
        s.listener.onReset(s, code, false, reason);
    }

    private void maybeFinish(Http2Stream s) {
        if (s.closed || !s.remoteEnded) return;
        if (!s.localEnded) {
            // §8.1: a complete response before the request finished; stop sending the rest of the body.
            FrameWriter.rstStream(out, s.id, ErrorCode.NO_ERROR);
        }
        closeStream(s);
        s.listener.onEnd(s);
    }

    private void closeStream(Http2Stream s) {
        closeStreamQuietly(s);
        openWaiting();
        maybeFinishConnection();
    }

    private void closeStreamQuietly(Http2Stream s) {
        s.closed = true;
        streams.remove(s.id);
        if (s.unconsumed > 0) { // the application will not consume a closed stream's data
            long n = s.unconsumed;
            s.unconsumed = 0;
            credit(null, n);
        }
        s.sendQueue.clear();
        s.sendQueued = 0;
    }

    private void schedule(Http2Stream s) {
        if (!s.inSendRing && !s.closed && !s.localEnded && (s.sendQueued > 0 || s.endQueued)) {
            s.inSendRing = true;
            sendRing.add(s);
        }
    }

    /** Produces DATA frames as the windows allow, until about outputChunk bytes are pending. */
    private void pump() {
        while (!closed && !sendRing.isEmpty() && out.length() < config.outputChunk) {
            Http2Stream s = sendRing.poll();
            s.inSendRing = false;
            if (s.closed || s.localEnded) continue;
            if (s.sendQueued == 0) {
                if (s.endQueued) {
                    FrameWriter.data(out, s.id, EMPTY, 0, 0, true);
                    s.localEnded = true;
                    maybeFinish(s);
                }
                continue;
            }
            if (connSendWindow <= 0) { // blocked on the connection: wait for WINDOW_UPDATE on stream 0
                s.inSendRing = true;
                sendRing.addFirst(s);
                return;
            }
            long allowed = Math.min(Math.min(s.sendWindow, connSendWindow), peer.maxFrameSize);
            if (allowed <= 0) continue; // blocked on the stream window: rescheduled by its WINDOW_UPDATE
            int n = (int) Math.min(allowed, s.sendQueued);
            boolean end = n == s.sendQueued && s.endQueued;
            FrameWriter.header(out, n, FrameType.DATA, end ? FrameType.FLAG_END_STREAM : 0, s.id);
            copyQueued(s, n);
            s.sendWindow -= n;
            connSendWindow -= n;
            if (end) {
                s.localEnded = true;
                maybeFinish(s);
            } else {
                schedule(s);
            }
        }
    }

    private void copyQueued(Http2Stream s, int n) {
        s.sendQueued -= n;
        while (n > 0) {
            byte[] chunk = s.sendQueue.peek();
            int take = Math.min(n, chunk.length - s.sendQueueHeadOffset);
            out.write(chunk, s.sendQueueHeadOffset, take);
            s.sendQueueHeadOffset += take;
            n -= take;
            if (s.sendQueueHeadOffset == chunk.length) {
                s.sendQueue.poll();
                s.sendQueueHeadOffset = 0;
            }
        }
    }

    // ------------------------------------------------------------------ connection end

    private void maybeFinishConnection() {
        if (closed || !(goAwayReceived || goAwaySent) || !streams.isEmpty() || !waiting.isEmpty()) return;
        if (!goAwaySent) { // tell the peer we are done too, so it can close without waiting for a timeout
            FrameWriter.goAway(out, 0, ErrorCode.NO_ERROR, EMPTY);
            goAwaySent = true;
        }
        finish(goAwayReceived ? goAwayCode : ErrorCode.NO_ERROR, goAwayReceived ? goAwayReason : "closed by us", false);
    }

    /** A connection error (§5.4.1): GOAWAY with the code, then everything is reset. */
    private void fail(int code, String reason) {
        if (closed) return;
        if (!goAwaySent || code != ErrorCode.NO_ERROR) {
            FrameWriter.goAway(out, 0, code, ascii(reason));
            goAwaySent = true;
        }
        finish(code, reason, true);
    }

    private void finish(int code, String reason, boolean error) {
        closed = true;
        closeCode = code;
        closeReason = reason;
        List<Http2Stream> all = new ArrayList<>(streams.values());
        all.addAll(waiting);
        streams.clear();
        waiting.clear();
        sendRing.clear();
        for (Http2Stream s : all) {
            s.closed = true;
            try {
                s.listener.onReset(s, code, false, (error ? "connection error: " : "") + reason);
            } catch (RuntimeException ignored) {
                // the connection is already finished; a failing listener changes nothing
            }
        }
        try {
            listener.onClosed(code, reason);
        } catch (RuntimeException ignored) {
            // as above
        }
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] ascii(String s) {
        int n = Math.min(s.length(), 256);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return b;
    }

    private static String lowercase(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] cs = name.toCharArray();
                for (int j = i; j < cs.length; j++) if (cs[j] >= 'A' && cs[j] <= 'Z') cs[j] = (char) (cs[j] + 32);
                return new String(cs);
            }
        }
        return name;
    }

    private static int parseStatus(String v) {
        if (v.length() != 3) return -1;
        int n = 0;
        for (int i = 0; i < 3; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n >= 100 ? n : -1;
    }

    /** §8.2.1/§8.2.2 field validity; returns why a field is invalid, or null. */
    private static String invalidField(HeaderField f) {
        String n = f.name;
        if (n.isEmpty()) return "empty field name";
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c <= 0x20 || c >= 0x7f || (c >= 'A' && c <= 'Z')) return "invalid character in field name \"" + n + "\"";
        }
        if (n.equals("connection") || n.equals("keep-alive") || n.equals("proxy-connection") || n.equals("transfer-encoding") || n.equals("upgrade")) {
            return "connection-specific field " + n;
        }
        String v = f.value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') return "invalid character in the value of " + n;
        }
        return null;
    }
}

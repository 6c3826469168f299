/**
 * HTTP/2 client (RFC 9113) and HPACK (RFC 7541), sans-I/O, for the ts2021 control channel (HTTP/2 with
 * prior knowledge inside Noise).
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.http2.Http2Connection}: the engine. Input: {@code onBytes} (whatever the
 *       byte stream delivered, any split) and application calls ({@code request}, {@code ping},
 *       {@code close}, {@code onTransportClosed}). Output: {@code takeOutput} (bytes to send, in order)
 *       and callbacks on {@link dev.tabnet.core.http2.Http2StreamListener} /
 *       {@link dev.tabnet.core.http2.Http2ConnectionListener}. No timers: nothing in HTTP/2 needs one here.</li>
 *   <li>{@link dev.tabnet.core.http2.Http2Stream}: a request handle (body writes, consume, cancel).</li>
 *   <li>Frames: {@code FrameType}, {@code ErrorCode}, {@code Settings} (constants as in the RFC),
 *       {@code FrameReader}/{@code FrameWriter}.</li>
 *   <li>HPACK: {@link dev.tabnet.core.http2.HpackEncoder}, {@link dev.tabnet.core.http2.HpackDecoder},
 *       {@code HpackStaticTable}, {@code HpackDynamicTable}, {@code HpackHuffman} (the canonical code
 *       rebuilt from the RFC's code lengths).</li>
 * </ul>
 *
 * <p>Bad input never throws out of {@code onBytes}: stream errors answer RST_STREAM, connection
 * errors GOAWAY with the RFC's error code and the reason as debug data.
 */
package dev.tabnet.core.http2;

/**
 * JSON (RFC 8259) without reflection, for control-plane messages (Tailscale MapRequest/MapResponse).
 *
 * <ul>
 *   <li>{@link dev.tabnet.core.json.JsonReader}: strict parser from UTF-8 bytes to a tree of
 *       {@link dev.tabnet.core.json.JsonValue}s; errors are {@link dev.tabnet.core.json.JsonException}
 *       with offset, line and column.</li>
 *   <li>{@link dev.tabnet.core.json.JsonWriter}: streaming writer for request bodies, also used by
 *       {@code JsonValue.toJson()/toUtf8()}.</li>
 *   <li>{@link dev.tabnet.core.json.JsonObject}: typed getters with Go encoding/json field matching
 *       (exact, else case-insensitive; null = absent). {@link dev.tabnet.core.json.JsonNumber} keeps the
 *       literal text, so 64-bit and larger integers are exact.</li>
 * </ul>
 */
package dev.tabnet.core.json;

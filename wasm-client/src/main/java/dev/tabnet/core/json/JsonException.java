package dev.tabnet.core.json;

/** Malformed JSON (with the byte offset, line and column of the problem) or a type mismatch. */
public final class JsonException extends RuntimeException {
    /** Byte offset into the parsed input, or -1 for errors that are not about input text. */
    public final int offset;

    public JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    JsonException(String message, int offset, int line, int column) {
        super(message + " at offset " + offset + " (line " + line + ", column " + column + ")");
        this.offset = offset;
    }
}

package dev.tabnet.server.machine;

/** A map request refused before any streaming starts; carries the HTTP status to answer with. */
public final class MapRequestException extends Exception {
    public final int status;

    public MapRequestException(int status, String message) {
        super(message);
        this.status = status;
    }
}

package javax.security.auth;

/** Stand-in for the JDK exception, for TeaVM only (see Destroyable). */
public class DestroyFailedException extends Exception {
    public DestroyFailedException() {}

    public DestroyFailedException(String msg) {
        super(msg);
    }
}

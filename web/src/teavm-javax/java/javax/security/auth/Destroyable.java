package javax.security.auth;

/**
 * Stand-in for the JDK interface, needed only by TeaVM: BouncyCastle key parameter classes
 * implement it, and TeaVM does not substitute javax.* classes. Excluded from the web jar.
 */
public interface Destroyable {
    default void destroy() throws DestroyFailedException {
        throw new DestroyFailedException();
    }

    default boolean isDestroyed() {
        return false;
    }
}

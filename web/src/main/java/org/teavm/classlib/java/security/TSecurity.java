package org.teavm.classlib.java.security;

/**
 * TeaVM classlib substitute for java.security.Security (TeaVM maps java.X.Y to
 * org.teavm.classlib.java.X.TY). BouncyCastle's Properties/Strings only ask it for optional
 * configuration; answering "not set" is what a default JVM does.
 */
public final class TSecurity {
    private TSecurity() {}

    public static String getProperty(String key) {
        return null;
    }
}

package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import dev.tabnet.core.crypto.CryptoException;
import dev.tabnet.core.crypto.XChaCha20Poly1305;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Sender side of MAC1/MAC2 for one peer (wireguard-go cookie.go): adds MACs to our handshake
 * messages, remembers the last mac1 sent, and accepts a cookie reply bound to that mac1.
 */
final class CookieGenerator {
    private final byte[] mac1Key;
    private final byte[] encryptionKey;
    private byte[] cookie;
    private long cookieSetNanos;
    private byte[] lastMac1;

    CookieGenerator(byte[] peerPublicKey) {
        mac1Key = Kdf.hash(WG_LABEL_MAC1.getBytes(StandardCharsets.US_ASCII), peerPublicKey);
        encryptionKey = Kdf.hash(WG_LABEL_COOKIE.getBytes(StandardCharsets.US_ASCII), peerPublicKey);
    }

    /** Fills mac1 and (if a fresh cookie is held) mac2; otherwise mac2 stays zero. */
    void addMacs(byte[] msg, int mac1Offset, long now) {
        byte[] mac1 = Kdf.mac(mac1Key, msg, 0, mac1Offset);
        System.arraycopy(mac1, 0, msg, mac1Offset, Kdf.MAC_SIZE);
        lastMac1 = mac1;
        if (cookie == null || now - cookieSetNanos > COOKIE_REFRESH_TIME) return;
        int mac2Offset = mac1Offset + Kdf.MAC_SIZE;
        byte[] mac2 = Kdf.mac(cookie, msg, 0, mac2Offset);
        System.arraycopy(mac2, 0, msg, mac2Offset, Kdf.MAC_SIZE);
    }

    boolean hasCookie(long now) {
        return cookie != null && now - cookieSetNanos <= COOKIE_REFRESH_TIME;
    }

    /** Decrypts a cookie reply against our last mac1; false if it does not authenticate. */
    boolean consumeReply(byte[] reply, int off, long now) {
        if (lastMac1 == null) return false;
        byte[] nonce = Bytes.slice(reply, off + Messages.COOKIE_NONCE, XChaCha20Poly1305.NONCE_SIZE);
        byte[] sealed = Bytes.slice(reply, off + Messages.COOKIE_ENCRYPTED, Messages.COOKIE_ENCRYPTED_LENGTH);
        try {
            cookie = XChaCha20Poly1305.open(encryptionKey, nonce, lastMac1, sealed);
        } catch (CryptoException e) {
            return false;
        }
        cookieSetNanos = now;
        lastMac1 = null;
        return true;
    }
}

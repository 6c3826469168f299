package dev.tabnet.core.wireguard;

import static dev.tabnet.core.wireguard.WireGuardConstants.*;

import dev.tabnet.core.Entropy;
import dev.tabnet.core.crypto.XChaCha20Poly1305;
import dev.tabnet.core.util.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Receiver side of MAC1/MAC2 (wireguard-go cookie.go): checks MACs on handshake messages addressed
 * to us and, when under load, issues cookie replies bound to the sender's source address.
 */
final class CookieChecker {
    private final byte[] mac1Key;
    private final byte[] encryptionKey;
    private final byte[] secret = new byte[32];
    private long secretSetNanos;
    private boolean secretSet;

    CookieChecker(byte[] ownPublicKey) {
        mac1Key = Kdf.hash(WG_LABEL_MAC1.getBytes(StandardCharsets.US_ASCII), ownPublicKey);
        encryptionKey = Kdf.hash(WG_LABEL_COOKIE.getBytes(StandardCharsets.US_ASCII), ownPublicKey);
    }

    boolean checkMac1(byte[] msg, int off, int mac1Offset) {
        byte[] mac = Kdf.mac(mac1Key, msg, off, mac1Offset);
        return Bytes.constantTimeEquals(mac, 0, msg, off + mac1Offset, Kdf.MAC_SIZE);
    }

    boolean checkMac2(byte[] msg, int off, int mac1Offset, byte[] source, long now) {
        if (!secretSet || now - secretSetNanos > COOKIE_REFRESH_TIME) return false;
        byte[] cookie = Kdf.mac(secret, source, 0, source.length);
        int mac2Offset = mac1Offset + Kdf.MAC_SIZE;
        byte[] mac = Kdf.mac(cookie, msg, off, mac2Offset);
        return Bytes.constantTimeEquals(mac, 0, msg, off + mac2Offset, Kdf.MAC_SIZE);
    }

    /** The 64-byte cookie reply to the handshake message msg (whose sender index is `receiver`). */
    byte[] createReply(byte[] msg, int off, int mac1Offset, int receiver, byte[] source, Entropy entropy, long now) {
        if (!secretSet || now - secretSetNanos > COOKIE_REFRESH_TIME) {
            entropy.nextBytes(secret);
            secretSet = true;
            secretSetNanos = now;
        }
        byte[] cookie = Kdf.mac(secret, source, 0, source.length);
        byte[] reply = Messages.header(MESSAGE_COOKIE_REPLY_TYPE, MESSAGE_COOKIE_REPLY_SIZE);
        Messages.putU32(reply, Messages.COOKIE_RECEIVER, receiver);
        byte[] nonce = entropy.bytes(XChaCha20Poly1305.NONCE_SIZE);
        System.arraycopy(nonce, 0, reply, Messages.COOKIE_NONCE, nonce.length);
        byte[] mac1 = Bytes.slice(msg, off + mac1Offset, Kdf.MAC_SIZE);
        byte[] sealed = XChaCha20Poly1305.seal(encryptionKey, nonce, mac1, cookie);
        System.arraycopy(sealed, 0, reply, Messages.COOKIE_ENCRYPTED, sealed.length);
        return reply;
    }
}

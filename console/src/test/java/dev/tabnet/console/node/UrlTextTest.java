package dev.tabnet.console.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tabnet.core.ip.IpAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written codecs against the RFCs' own examples. */
class UrlTextTest {
    @Test
    void base64MatchesRfc4648Section10() {
        String[][] vectors = {{"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
        for (String[] v : vectors) assertEquals(v[1], UrlText.base64(v[0].getBytes(StandardCharsets.US_ASCII)), v[0]);
        // The high bit and all 64 symbols: bytes 0x00..0xff cover every 6-bit group.
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        assertEquals(java.util.Base64.getEncoder().encodeToString(all), UrlText.base64(all));
    }

    @Test
    void queryEscapeKeepsOnlyRfc3986Unreserved() {
        assertEquals("a%2Bb%2Fc%3D%3D-_.~", UrlText.queryEscape("a+b/c==-_.~"));
        assertEquals(java.net.URLEncoder.encode("Zm9v+/==", StandardCharsets.UTF_8), UrlText.queryEscape("Zm9v+/=="));
    }

    @Test
    void controlUrlParts() {
        assertEquals("ws://127.0.0.1:8080/", UrlText.webSocketBase("http://127.0.0.1:8080/"));
        assertEquals("wss://ctl.example/base/", UrlText.webSocketBase("https://ctl.example/base/"));
        assertNull(UrlText.webSocketBase("ftp://x/"));
        assertEquals("127.0.0.1:8080", UrlText.authority("http://127.0.0.1:8080/"));
        assertEquals("[::1]:9", UrlText.authority("http://user@[::1]:9/x"));
        assertEquals("host", UrlText.authority("https://host"));
        assertNull(UrlText.authority("no-scheme"));
    }

    @Test
    void ipv6TextFollowsRfc5952() {
        // Section 4 examples: leading zeros dropped, "::" for the longest run (the first when tied),
        // never for a single zero group, lower case.
        assertEquals("2001:db8::1", AddressText.of(IpAddress.parse("2001:0db8:0000:0000:0000:0000:0000:0001")));
        assertEquals("2001:db8::2:1", AddressText.of(IpAddress.parse("2001:db8:0:0:0:0:2:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", AddressText.of(IpAddress.parse("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:db8::1:0:0:1", AddressText.of(IpAddress.parse("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:0:0:1::1", AddressText.of(IpAddress.parse("2001:0:0:1:0:0:0:1")));
        assertEquals("2001:db8::1", AddressText.of(IpAddress.parse("2001:DB8::1")));
        assertEquals("::1", AddressText.of(IpAddress.parse("::1")));
        assertEquals("::", AddressText.of(IpAddress.parse("::")));
        assertEquals("fd7a:115c:a1e0::2", AddressText.of(IpAddress.parse("fd7a:115c:a1e0:0:0:0:0:2")));
        assertEquals("100.64.0.2", AddressText.of(IpAddress.parse("100.64.0.2")));
    }
}

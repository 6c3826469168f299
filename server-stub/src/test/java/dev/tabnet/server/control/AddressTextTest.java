package dev.tabnet.server.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void addressesReadAsPeopleWriteThem() throws Exception {
        assertEquals("127.0.0.1:51846", AddressText.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 51846)));
        assertEquals("[2001:db8:0:0:0:0:0:1]:22", AddressText.of(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 22)));
        assertEquals("", AddressText.of(null));
    }
}

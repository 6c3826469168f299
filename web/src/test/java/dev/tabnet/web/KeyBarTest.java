package dev.tabnet.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key bar bytes against what xterm (and a VT100 keyboard) sends for the same keys. */
class KeyBarTest {
    private final List<Boolean> shown = new ArrayList<>();
    private final KeyBar bar = new KeyBar(shown::add);

    @Test
    void plainKeysSendTheirVt100Bytes() {
        assertEquals("\u001b", bar.press("esc", false));
        assertEquals("\t", bar.press("tab", false));
        assertEquals("\u001b[A", bar.press("up", false));
        assertEquals("\u001b[B", bar.press("down", false));
        assertEquals("\u001b[C", bar.press("right", false));
        assertEquals("\u001b[D", bar.press("left", false));
        // DECCKM set (vim, less): SS3 arrows.
        assertEquals("\u001bOA", bar.press("up", true));
        assertEquals("\u001bOD", bar.press("left", true));
        assertTrue(shown.isEmpty());
    }

    @Test
    void stickyCtrlAppliesToTheNextTypedKeyOnly() {
        assertNull(bar.press("ctrl", false));
        assertTrue(bar.ctrlArmed());
        assertEquals("\u0003", bar.typed("c"));
        assertFalse(bar.ctrlArmed());
        assertEquals("c", bar.typed("c"));
        assertEquals(List.of(true, false), shown);
    }

    @Test
    void ctrlMapsTheC0Range() {
        bar.press("ctrl", false);
        assertEquals("\u0004rest", bar.typed("Drest"));
        assertEquals("\u001b", KeyBar.control('['));
        assertEquals("\u001d", KeyBar.control(']')); // the ssh escape of SshCommand
        assertEquals("\u0000", KeyBar.control(' '));
        assertEquals("\u007f", KeyBar.control('?'));
        assertEquals("\u001a", KeyBar.control('z'));
        assertEquals("é", KeyBar.control('é'));
    }

    @Test
    void ctrlWithABarKey() {
        bar.press("ctrl", false);
        assertEquals("\u001b[1;5D", bar.press("left", false));
        assertFalse(bar.ctrlArmed());
        bar.press("ctrl", false);
        bar.press("ctrl", false);
        assertFalse(bar.ctrlArmed());
        assertEquals("\u001b", bar.press("esc", false));
    }
}

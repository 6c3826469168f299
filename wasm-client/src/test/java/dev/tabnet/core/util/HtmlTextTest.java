package dev.tabnet.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void markupAndQuotesBecomeEntities() {
        assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;T&amp;C&lt;/a&gt;", HtmlText.escape("<a href=\"x\" title='y'>T&C</a>"));
    }

    @Test
    void plainTextAndNullPassUnchanged() {
        assertEquals("tab-1 · 100.64.0.2", HtmlText.escape("tab-1 · 100.64.0.2"));
        assertEquals("", HtmlText.escape(null));
    }
}

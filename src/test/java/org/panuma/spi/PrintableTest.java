package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void plainText_isKeptAsItIs() {
        String s = "/usr/lib/x86_64-linux-gnu/libc.so.6 --opt=värde 日本";
        assertSame(s, Printable.escape(s));
    }

    @Test
    void controlCharacters_areWrittenAsEscapes_likeLsB() {
        assertEquals("evil\\e]0;title\\007\\rforged\\nline\\b\\t\\177", Printable.escape(
                "evil\u001b]0;title\u0007\rforged\nline\b\t\u007f"));
        assertEquals("c1 \\233 csi", Printable.escape("c1 \u009b csi"));
        assertEquals("back\\\\slash", Printable.escape("back\\slash"));
        assertEquals("rtl \\u202e override, zero\\u200bwidth, \\u2028", Printable.escape(
                "rtl \u202e override, zero\u200bwidth, \u2028"));
        assertEquals("lone \\ud800 surrogate, \\ufffe", Printable.escape("lone \ud800 surrogate, \ufffe"));
    }

    @Test
    void messagesOfSeveralLines_keepTheirNewlinesAndEscapes() {
        assertEquals("one\ntwo \\e[2J \\e", Printable.escapeKeepingLines("one\ntwo \u001b[2J \\e"));
    }
}

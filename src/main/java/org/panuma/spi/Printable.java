package org.panuma.spi;

/**
 * Text from a process that panuma does not trust (command lines, mapped paths) made safe for a
 * terminal, as {@code ls -b} does: control characters (C0, DEL, C1: ESC sequences, OSC titles,
 * carriage returns and backspaces that overwrite a line, newlines that forge one) and the
 * invisible format characters (bidirectional overrides, zero-width) are written as backslash
 * escapes, and a backslash as two, so what is shown can be read back unambiguously. Pure function.
 */
public final class Printable {
    private Printable() {
    }

    public static String escape(String s) {
        return escape(s, false);
    }

    /**
     * A name put into a message (a file name, a path, a command line, a value as it was given),
     * escaped and between single quotes: {@code 'evil\nline'}. Every message that quotes text
     * panuma does not control quotes it with this, so a newline in a file name cannot forge a
     * line of panuma's output; the message's own line breaks are left to it.
     */
    public static String quote(Object name) {
        return "'" + escape(String.valueOf(name)) + "'";
    }

    /**
     * As {@link #escape(String)}, but newlines and backslashes kept: the last guard on panuma's own
     * messages of several lines, whose quoted parts are already escaped.
     */
    public static String escapeKeepingLines(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean keepNewlines) {
        if (s == null) {
            return "";
        }
        if (clean(s, keepNewlines)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n' && keepNewlines) {
                b.append('\n');
            } else if (c == '\\' && !keepNewlines) {
                b.append("\\\\");
            } else if (!unsafe(c)) {
                b.appendCodePoint(c);
            } else {
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case 0x1b -> b.append("\\e");
                    default -> b.append(c <= 0xff ? String.format("\\%03o", c) : String.format("\\u%04x", c));
                }
            }
        }
        return b.toString();
    }

    private static boolean clean(String s, boolean keepNewlines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '\\' && !keepNewlines) || (unsafe(c) && !(keepNewlines && c == '\n'))) {
                return false;
            }
        }
        return true;
    }

    /** C0, DEL, C1, line and paragraph separators, and format characters (bidi controls, zero-width). */
    static boolean unsafe(int c) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return true;
        }
        if (c < 0xa0) {
            return false;
        }
        if (c == 0xfffe || c == 0xffff) {
            return true; // noncharacters, and not allowed in XML
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}

package org.panuma.cli;

import org.panuma.spi.Printable;
/** A host and port from "ADDR:PORT" ("[::1]:9464" for IPv6). */
record ListenAddress(String host, int port) {
    static ListenAddress parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(Printable.quote(text) + " is not ADDR:PORT (e.g. 127.0.0.1:9464)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(Printable.quote(text) + ": put an IPv6 address in brackets, e.g. [::1]:9464");
        }
        String p = t.substring(colon + 1);
        int port = p.matches("\\d{1,5}") ? Integer.parseInt(p) : -1;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(Printable.quote(p) + " in " + Printable.quote(text) + " is not a port (0 to 65535)");
        }
        return new ListenAddress(host, port);
    }
}

package org.panuma.os;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The lines of a /proc file, split at '\n' only: a mapped file's name may hold a carriage return,
 * which {@code BufferedReader.readLine} and {@code String.lines} would take for a line end. Read
 * from a {@link Reader} one line at a time, so a file of 60,000 mappings is never held whole.
 */
final class Lines implements Iterator<String> {
    private final Reader in;
    private final StringBuilder line = new StringBuilder(256);
    private final char[] buffer = new char[8192];
    private int at;
    private int end;
    private String next;
    private boolean done;

    private Lines(Reader in) {
        this.in = in;
    }

    /** The lines of a reader; an I/O failure surfaces as UncheckedIOException from hasNext. */
    static Iterator<String> of(Reader in) {
        return new Lines(in);
    }

    /**
     * Parses a stream's lines as they are read, then closes it. UTF-8: bytes that are not (a path
     * can hold any) become U+FFFD, never an error. An I/O failure while reading is thrown as the
     * {@link IOException} it was, for the caller to name the file and tell an exited process.
     */
    static <T> T parse(InputStream stream, Function<Iterator<String>, T> parse) throws IOException {
        try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
            return parse.apply(of(in));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The lines of a text already read. */
    static Iterator<String> of(String text) {
        return new Lines(new java.io.StringReader(text));
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = read();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String l = next;
        next = null;
        return l;
    }

    private String read() {
        line.setLength(0);
        try {
            while (true) {
                if (at == end) {
                    end = in.read(buffer, 0, buffer.length);
                    at = 0;
                    if (end < 0) {
                        end = 0;
                        done = true;
                        return line.isEmpty() ? null : line.toString();
                    }
                }
                for (int i = at; i < end; i++) {
                    if (buffer[i] == '\n') {
                        line.append(buffer, at, i - at);
                        at = i + 1;
                        return line.toString();
                    }
                }
                line.append(buffer, at, end - at);
                at = end;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.panuma.api;

import org.panuma.spi.Printable;
/**
 * A half-open range of virtual addresses {@code [start, end)}; parsed from "START-END" in hex
 * (with or without 0x), the way /proc/PID/maps prints them.
 */
public record AddressRange(long start, long end) {
    public AddressRange {
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("range " + hex(start) + "-" + hex(end) + " is empty or runs backwards");
        }
    }

    /** @throws IllegalArgumentException naming the bad value */
    public static AddressRange parse(String text) {
        String s = text == null ? "" : text.strip();
        int dash = s.indexOf('-', 1);
        if (dash < 0) {
            throw new IllegalArgumentException(Printable.quote(s) + " is not a range: give START-END in hex, e.g."
                    + " 0x7f0000000000-0x7f0000100000");
        }
        long start = Addresses.parse(s.substring(0, dash), s);
        long end = Addresses.parse(s.substring(dash + 1), s);
        if (Long.compareUnsigned(start, end) >= 0) {
            throw new IllegalArgumentException("range " + Printable.quote(s) + " is empty or runs backwards (its end must be above"
                    + " its start)");
        }
        return new AddressRange(start, end);
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    public static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    @Override
    public String toString() {
        return hex(start) + "-" + hex(end);
    }
}

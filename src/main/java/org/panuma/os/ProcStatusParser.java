package org.panuma.os;

import org.panuma.spi.Printable;
import java.util.BitSet;
import org.panuma.spi.IdListParser;

/**
 * Parses /proc/PID/status ("Key:\tvalue" lines) into a {@link ProcStatus}. Pure function.
 */
public final class ProcStatusParser {
    private ProcStatusParser() {
    }

    /**
     * @throws IllegalArgumentException naming the missing or bad field
     */
    public static ProcStatus parse(String text) {
        int[] uids = null;
        int[] gids = null;
        Long capEff = null;
        BitSet cpus = null;
        BitSet mems = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "Uid": uids = ids(key, value); break;
                case "Gid": gids = ids(key, value); break;
                case "CapEff": capEff = hex(key, value); break;
                case "Cpus_allowed_list": cpus = list(key, value); break;
                case "Mems_allowed_list": mems = list(key, value); break;
                default: break;
            }
        }
        return new ProcStatus(required("Uid", uids), required("Gid", gids), required("CapEff", capEff),
                required("Cpus_allowed_list", cpus), required("Mems_allowed_list", mems));
    }

    private static <T> T required(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException("no '" + key + ":' line in /proc/PID/status text");
        }
        return value;
    }

    private static int[] ids(String key, String value) {
        String[] parts = value.split("\\s+");
        if (parts.length != 4) {
            throw new IllegalArgumentException(Printable.quote(key + ": " + value) + " should hold 4 ids");
        }
        int[] out = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                out[i] = Integer.parseUnsignedInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad id " + Printable.quote(parts[i]) + " in " + Printable.quote(key + ": " + value));
            }
        }
        return out;
    }

    private static long hex(String key, String value) {
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad mask " + Printable.quote(value) + " for " + key);
        }
    }

    private static BitSet list(String key, String value) {
        try {
            return IdListParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}

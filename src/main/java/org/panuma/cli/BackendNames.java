package org.panuma.cli;

import org.panuma.spi.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.panuma.api.Numa;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a --backend value when the command line is parsed: a name panuma does not know is a usage
 * error naming it (not "backend unavailable", which says a real backend cannot run here), and a
 * blank value is an error, not a silent "auto".
 */
final class BackendNames {
    private BackendNames() {
    }

    /** ffm, jna, sim or auto. */
    static final class Any implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            List<String> names = new ArrayList<>(Numa.backendNames());
            names.add(Numa.AUTO);
            return check(value, names);
        }
    }

    /** The native ones only (ffm, jna), for commands that run on real hardware. */
    static final class Native implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return check(value, List.of("ffm", "jna"));
        }
    }

    static String check(String value, List<String> names) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!names.contains(v)) {
            throw new TypeConversionException(Printable.quote(value) + " is not a backend; choose one of "
                    + String.join(", ", names));
        }
        return v;
    }
}

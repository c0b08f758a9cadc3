package org.panuma.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated damage to real text (a /proc file captured from a live process): characters
 * inserted, replaced or deleted; numbers replaced by extreme ones (negative, 20 digits, 2^64,
 * Unicode digits); lines duplicated, dropped, swapped; the text cut short. Each generated text
 * holds up to {@code maxEdits} such edits, so most stay close to real input and reach deep into a
 * parser.
 */
public final class Mutations {
    /** Characters that mean something to /proc parsers, plus ones that should not appear at all. */
    static final String ALPHABET = "0123456789abcdefx -:=,./[]\n\t\r\u0000kBN\\\u0663\uff11\u00e9";
    /** Replacements for a number: each is a way a number can be wrong. */
    static final List<String> EXTREME_NUMBERS = List.of("-1", "-0", "0", "+5", "99999999999999999999",
            "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
            "2147483648", "4294967296", "ffffffffffffffff", "1ffffffffffffffff", "", " ", "1e3", "0x10", "\u0663",
            "\uff11\uff12", "NaN", "1.5");
    private static final Pattern NUMBER = Pattern.compile("[0-9a-f]+");

    private enum Kind { INSERT, REPLACE, DELETE, NUMBER, DUP_LINE, DROP_LINE, SWAP_LINES, TRUNCATE }

    private record Edit(Kind kind, int position, char ch, int other) {
    }

    private Mutations() {
    }

    public static Arbitrary<String> of(String real, int maxEdits) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.chars().with(ALPHABET.toCharArray()),
                Arbitraries.integers().between(0, EXTREME_NUMBERS.size() * 1000))
                .as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(maxEdits).map(edits -> apply(real, edits));
    }

    /** Any text at all, including NULs, surrogates and very long lines. */
    public static Arbitrary<String> anything() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(400),
                Arbitraries.strings().all().ofMaxLength(100));
    }

    static String apply(String real, List<Edit> edits) {
        StringBuilder sb = new StringBuilder(real);
        for (Edit e : edits) {
            int p = sb.length() == 0 ? 0 : e.position() % (sb.length() + 1);
            switch (e.kind()) {
                case INSERT -> sb.insert(p, e.ch());
                case REPLACE -> {
                    if (p < sb.length()) {
                        sb.setCharAt(p, e.ch());
                    }
                }
                case DELETE -> {
                    if (p < sb.length()) {
                        sb.deleteCharAt(p);
                    }
                }
                case NUMBER -> replaceNumber(sb, p, EXTREME_NUMBERS.get(e.other() % EXTREME_NUMBERS.size()));
                case TRUNCATE -> sb.setLength(p);
                default -> editLines(sb, e);
            }
        }
        return sb.toString();
    }

    private static void replaceNumber(StringBuilder sb, int from, String by) {
        Matcher m = NUMBER.matcher(sb);
        if (m.find(Math.min(from, sb.length())) || m.find(0)) {
            sb.replace(m.start(), m.end(), by);
        }
    }

    private static void editLines(StringBuilder sb, Edit e) {
        List<String> lines = new ArrayList<>(Arrays.asList(sb.toString().split("\n", -1)));
        int i = e.position() % lines.size();
        int j = e.other() % lines.size();
        switch (e.kind()) {
            case DUP_LINE -> lines.add(j, lines.get(i));
            case DROP_LINE -> lines.remove(i);
            case SWAP_LINES -> {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
            default -> throw new IllegalStateException(e.kind().name());
        }
        sb.setLength(0);
        sb.append(String.join("\n", lines));
    }
}

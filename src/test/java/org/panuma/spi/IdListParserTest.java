package org.panuma.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdListParserTest {

    @Test
    void rangesAndSingleIds_withGaps() {
        BitSet b = IdListParser.parse("0-3,8,10-11\n");
        assertEquals("{0, 1, 2, 3, 8, 10, 11}", b.toString());
    }

    @Test
    void emptyText_isTheEmptySet() {
        assertTrue(IdListParser.parse("\n").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "1-", "-1", "3-1", "1,,2", "0-99999999999", "1 2", "0x1"})
    void malformedLists_areRejectedNamingTheList(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdListParser.parse(text));
        assertTrue(e.getMessage().contains(text.strip()), e.getMessage());
    }

    @Test
    void hugeRange_isRejectedInsteadOfFillingTheHeap() {
        assertThrows(IllegalArgumentException.class, () -> IdListParser.parse("0-2000000"));
    }
}

package org.panuma.engine.planted;

import org.panuma.spi.Errno;
import org.panuma.spi.IdListParser;
import org.panuma.spi.NodeSet;
import org.panuma.spi.Printable;

/** spi's vocabulary named by the engine: allowed, so LayersTest must not report it. Test scope only. */
public final class VocabularyEverywhere {
    private VocabularyEverywhere() {
    }

    public static String words() {
        return NodeSet.fromBits(IdListParser.parse("0-1")) + " " + Errno.EINVAL + " " + Printable.escape("\n");
    }
}

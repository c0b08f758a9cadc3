package org.panuma.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.panuma.api.PageStatus;
import org.panuma.cli.dryrun.PredictedMove;
import org.panuma.cli.dryrun.Verification;

/** The --verify report: how the prediction made before the move compares with the move. */
final class VerificationSummary {
    /** Disagreements listed in the text (JSON lists them all). */
    static final int TEXT_LIMIT = 20;

    private VerificationSummary() {
    }

    static void print(PrintWriter out, PredictedMove p, Verification v) {
        out.printf(Locale.ROOT, "verify: prediction (profile %s) and move agree on %d of %d pages (%.1f%%); %d"
                        + " disagree%n", p.profile(), v.agreeing(), v.compared(), v.agreementPercent(),
                v.disagreements().size());
        int shown = 0;
        for (Verification.Disagreement d : v.disagreements()) {
            if (shown++ == TEXT_LIMIT) {
                out.printf("  ... %d more (--json lists them all)%n", v.disagreements().size() - TEXT_LIMIT);
                break;
            }
            out.printf("  %s  predicted %s%s, actual %s: %s%n", Json.hex(d.address()), word(d.predicted()),
                    d.lessCertain() ? " (less certain)" : "", word(d.actual()), d.reason());
        }
    }

    static ObjectNode json(ObjectNode parent, PredictedMove p, Verification v) {
        ObjectNode o = parent.putObject("verify");
        o.put("profile", p.profile());
        o.put("compared", v.compared());
        o.put("agreeing", v.agreeing());
        o.put("disagreeing", v.disagreements().size());
        o.put("agreementPercent", v.agreementPercent());
        o.put("lessCertainPages", p.lessCertainPages());
        ArrayNode a = o.putArray("disagreements");
        for (Verification.Disagreement d : v.disagreements()) {
            ObjectNode e = a.addObject();
            e.put("address", Json.hex(d.address()));
            status(e, "predicted", d.predicted());
            status(e, "actual", d.actual());
            e.put("lessCertain", d.lessCertain());
            e.put("reason", d.reason());
        }
        return o;
    }

    /** A status the JSON way: a node number, or an errno name. */
    static void status(ObjectNode o, String field, int s) {
        if (s >= 0) {
            o.put(field, s);
        } else {
            o.put(field, PageStatus.describe(s));
        }
    }

    private static String word(int s) {
        return s >= 0 ? "node " + s : PageStatus.describe(s);
    }
}

package org.panuma.cli;

import org.panuma.spi.ProcessInfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.panuma.api.PageStatus;
import org.panuma.api.PredictedMove;
import org.panuma.api.Verification;

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

    /**
     * --verify when the kernel refused the move as a whole: the prediction's whole-call errno (or
     * none) against the kernel's, so the comparison is reported in JSON and text alike.
     */
    static void wholeCall(PrintWriter out, boolean json, ProcessInfo p, PredictedMove predicted,
                          org.panuma.spi.SyscallException actual) {
        String predictedErrno = predicted.errno() == null ? null : predicted.errno().name();
        boolean agree = actual.errno().name().equals(predictedErrno);
        if (json) {
            ObjectNode root = Json.object();
            root.put("pid", p.pid());
            root.put("dryRun", false);
            root.put("targetNode", predicted.targetNode());
            root.put("requestedPages", predicted.plan().pages().length);
            ObjectNode err = root.putObject("error");
            err.put("syscall", actual.syscall());
            err.put("errno", actual.errno().name());
            err.put("message", ErrorHandler.message(actual));
            PredictionNotes.json(root, predicted);
            ObjectNode o = root.putObject("verify");
            o.put("profile", predicted.profile());
            o.put("wholeCall", true);
            if (predictedErrno == null) {
                o.putNull("predictedErrno");
            } else {
                o.put("predictedErrno", predictedErrno);
            }
            o.put("actualErrno", actual.errno().name());
            o.put("agree", agree);
            out.println(Json.write(root));
            return;
        }
        out.println(Targets.heading(p));
        out.println("the kernel refused the whole move: " + ErrorHandler.message(actual));
        out.printf("verify: prediction (profile %s) %s, actual %s: %s%n", predicted.profile(),
                predictedErrno == null ? "foresaw no whole-call error" : "foresaw " + predictedErrno,
                actual.errno().name(), agree ? "agree" : "disagree");
    }
}

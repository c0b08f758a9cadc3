package org.panuma.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The test cases of a guest JUnit run, read from the legacy XML reports
 * ({@code TEST-*.xml}) that the JUnit console launcher writes.
 */
public final class GuestReport {

    /** How one guest test ended. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    /**
     * One {@code <testcase>}.
     *
     * @param className its class, e.g. org.panuma.vm.guest.TopologyGuestTest
     * @param name      its name as the guest's JUnit wrote it
     * @param message   the failure or skip message ("" when none)
     * @param detail    the failure's stack trace / the test's captured output
     */
    public record TestCase(String className, String name, Outcome outcome, double seconds, String message,
                           String detail) {

        public String simpleClassName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }

    private GuestReport() {
    }

    /** Every test case in every TEST-*.xml under {@code reportsDir}, in report order. */
    public static List<TestCase> read(Path reportsDir) throws IOException {
        List<TestCase> cases = new ArrayList<>();
        if (!Files.isDirectory(reportsDir)) {
            return cases;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(reportsDir)) {
            files = s.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        for (Path file : files) {
            cases.addAll(parse(file));
        }
        return cases;
    }

    static List<TestCase> parse(Path file) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nodes = f.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("testcase");
            List<TestCase> cases = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                cases.add(testCase((Element) nodes.item(i)));
            }
            return cases;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static TestCase testCase(Element e) {
        String className = e.getAttribute("classname");
        String name = e.getAttribute("name");
        // JUnit's legacy XML writer groups thousands ("1,701.672" for a test of 28 minutes).
        String time = e.getAttribute("time").replace(",", "");
        double seconds = time.isEmpty() ? 0 : Double.parseDouble(time);
        String output = text(child(e, "system-out")) + text(child(e, "system-err"));
        for (String failureTag : List.of("failure", "error")) {
            Element failure = child(e, failureTag);
            if (failure != null) {
                return new TestCase(className, name, Outcome.FAILED, seconds,
                        failure.getAttribute("message"), text(failure) + output);
            }
        }
        Element skipped = child(e, "skipped");
        if (skipped != null) {
            String message = skipped.getAttribute("message");
            return new TestCase(className, name, Outcome.SKIPPED, seconds,
                    message.isEmpty() ? text(skipped).trim() : message, output);
        }
        return new TestCase(className, name, Outcome.PASSED, seconds, "", output);
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent();
    }
}

package org.panuma.cli;

import java.io.File;
import java.io.IOException;
import picocli.AutoComplete;

/**
 * Build tool (run by the Maven build at package time, see pom.xml execution
 * {@code shell-completion}): writes the bash/zsh completion script, target/panuma_completion, with
 * picocli's AutoComplete from the same command model as {@code --help}. picocli's own
 * {@code AutoComplete} main builds the model from a class's annotations, and panuma's commands
 * declare theirs in code ({@link PanumaCli#commandLine()}).
 */
public final class CompletionScript {
    private CompletionScript() {
    }

    public static void main(String[] args) throws IOException {
        File out = new File(args.length > 0 ? args[0] : "target/panuma_completion");
        AutoComplete.bash("panuma", out, null, PanumaCli.commandLine());
        System.out.println("shell completion: " + out);
    }
}

package org.panuma.cli;

import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The idioms of panuma's command models, which each command declares in code, in a static
 * {@code spec()} next to the fields it sets. Not picocli's annotations: picocli reads those by
 * reflection, and every annotation type it reads becomes a dynamic proxy class that the JVM
 * generates at run time (with the class-file API) and that the AOT cache cannot hold, about
 * 0.05 s of a 0.15 s `panuma nodes` (BENCHMARKS.md, start-up third pass).
 *
 * <p>An option or parameter sets its command's field through a lambda: picocli calls it with the
 * converted value when the argument is given (or has a default), and never with anything else.
 */
final class CommandSpecs {
    private CommandSpecs() {
    }

    /**
     * The object factory of every model and command line here: picocli's own, made the first
     * time picocli asks for an object (a list for a list option's values, say). picocli's
     * no-factory constructors make its default factory at once, and loading that class looks for
     * Groovy's Closure on the class path; the miss opened the jar and indexed its 3,300 entries,
     * about 0.01-0.02 s of every command, which a command that parses no list option never needs
     * (BENCHMARKS.md, start-up fifth pass).
     */
    static final IFactory FACTORY = new IFactory() {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            return CommandLine.defaultFactory().create(type);
        }
    };

    /** A command line over {@code spec} (with {@link #FACTORY}). */
    static CommandLine commandLine(CommandSpec spec) {
        return new CommandLine(spec, FACTORY);
    }

    /** A model bound to no object (a bare root, a mixin of specs), with {@link #FACTORY}. */
    static CommandSpec bare() {
        return CommandSpec.wrapWithoutInspection(null, FACTORY);
    }

    /** The mixin name picocli gives the standard help options; {@code spec.mixinStandardHelpOptions()} looks for it. */
    private static final String STANDARD_HELP = "mixinStandardHelpOptions";

    /** A command running {@code command} (a Callable or Runnable); its arguments are added next. */
    static CommandSpec command(Object command, String name, String[] description, String... footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command, FACTORY).name(name);
        spec.usageMessage().description(description).footer(footer);
        return spec;
    }

    /**
     * Adds -h/--help and -V/--version with picocli's texts, what {@code mixinStandardHelpOptions}
     * adds (picocli reads those from the annotations of a class of its own). Last, after the
     * command's own arguments, where picocli put them: the completion script lists them in order.
     */
    static CommandSpec withHelpOptions(CommandSpec spec) {
        return spec.addMixin(STANDARD_HELP, standardHelpOptions());
    }

    private static CommandSpec standardHelpOptions() {
        CommandSpec mixin = bare();
        mixin.addOption(OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true)
                .descriptionKey("mixinStandardHelpOptions.help").description("Show this help message and exit.").build());
        mixin.addOption(OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true)
                .descriptionKey("mixinStandardHelpOptions.version").description("Print version information and exit.")
                .build());
        return mixin;
    }

    /** A mixin: options shared by several commands, set on {@code options}. */
    static CommandSpec mixin(Object options, OptionSpec... declared) {
        CommandSpec mixin = CommandSpec.wrapWithoutInspection(options, FACTORY);
        for (OptionSpec o : declared) {
            mixin.addOption(o);
        }
        return mixin;
    }

    /** An option without a value (--json): {@code field} is set to true when it is given. */
    static OptionSpec.Builder flag(String name, Consumer<Boolean> field) {
        return option(name, boolean.class, field);
    }

    /** An option with one value of {@code type}, converted by picocli (and the converters panuma registers). */
    static <V> OptionSpec.Builder option(String name, Class<V> type, Consumer<V> field) {
        return bind(OptionSpec.builder(name).type(type), field);
    }

    /** An option that collects its values, one per occurrence (or split), into a list. */
    static <E> OptionSpec.Builder list(String name, Class<E> element, Consumer<List<E>> field) {
        return bind(OptionSpec.builder(name).type(List.class).auxiliaryTypes(element), field);
    }

    /** A required positional parameter with one value of {@code type} (an optional one says {@code required(false)}). */
    static <V> PositionalParamSpec.Builder positional(String label, Class<V> type, Consumer<V> field) {
        return bind(PositionalParamSpec.builder().paramLabel(label).type(type).required(true), field);
    }

    /** Positional parameters collected into a list, at least one. */
    static <E> PositionalParamSpec.Builder positionals(String label, Class<E> element, Consumer<List<E>> field) {
        return bind(PositionalParamSpec.builder().paramLabel(label).type(List.class).auxiliaryTypes(element)
                .required(true), field);
    }

    /**
     * Binds an argument to a field. No initial value: picocli resets an argument to it before
     * parsing, and the field's own initializer already is that value (a command object parses once).
     */
    private static PositionalParamSpec.Builder bind(PositionalParamSpec.Builder builder, Consumer<?> field) {
        Binding binding = new Binding(field);
        return builder.getter(binding).setter(binding).hasInitialValue(false);
    }

    private static OptionSpec.Builder bind(OptionSpec.Builder builder, Consumer<?> field) {
        Binding binding = new Binding(field);
        return builder.getter(binding).setter(binding).hasInitialValue(false);
    }

    /**
     * The value picocli last set, also passed to the field. picocli reads it back to add the next
     * value of a list option to the same list.
     */
    private static final class Binding implements IGetter, ISetter {
        private final Consumer<Object> field;
        private Object value;

        @SuppressWarnings("unchecked")
        Binding(Consumer<?> field) {
            this.field = (Consumer<Object>) field;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            T old = (T) value;
            value = newValue;
            field.accept(newValue);
            return old;
        }
    }
}

package org.panuma.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a module-path user sees: the public types of the exported packages (org.panuma.api,
 * org.panuma.spi) may name, in any public or protected signature, only JDK types and types of
 * exported packages; a type of an unexported package (os, engine, backend, cli) there is one the
 * user can neither name nor catch.
 */
class ExportedApiTest {
    private static final List<String> EXPORTED = List.of("org.panuma.api", "org.panuma.spi", "org.panuma.api.foreign");

    @Test
    void publicSignaturesOfExportedPackages_nameNoUnexportedType() throws Exception {
        Set<String> leaks = new TreeSet<>();
        int checked = 0;
        for (Class<?> c : exportedClasses()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                continue;
            }
            checked++;
            check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c.getName() + " implements", t, leaks);
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    check(c.getName() + "." + rc.getName(), rc.getGenericType(), leaks);
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
                }
            }
            List<Executable> code = new ArrayList<>(List.of(c.getDeclaredConstructors()));
            code.addAll(List.of(c.getDeclaredMethods()));
            for (Executable e : code) {
                if (!visible(e.getModifiers()) || e.isSynthetic()) {
                    continue;
                }
                String where = c.getName() + "." + e.getName();
                for (Type t : e.getGenericParameterTypes()) {
                    check(where + " parameter", t, leaks);
                }
                for (Type t : e.getGenericExceptionTypes()) {
                    check(where + " throws", t, leaks);
                }
                if (e instanceof Method m) {
                    check(where + " returns", m.getGenericReturnType(), leaks);
                }
            }
        }
        assertTrue(checked > 40, "public exported types checked: " + checked);
        assertEquals(Set.of(), leaks);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(String where, Type t, Set<String> leaks) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            String pkg = c.getPackageName();
            if (pkg.startsWith("org.panuma") && !EXPORTED.contains(pkg)) {
                leaks.add(where + ": " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks);
            }
        } else if (t instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), leaks);
        } else if (t instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> check(where, b, leaks));
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(where, b, leaks);
            }
        }
    }

    private static List<Class<?>> exportedClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        Path root = Path.of("target/classes");
        for (String pkg : EXPORTED) {
            Path dir = root.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = f.getFileName().toString();
                    out.add(Class.forName(pkg + "." + name.substring(0, name.length() - ".class".length()), false,
                            ExportedApiTest.class.getClassLoader()));
                }
            }
        }
        return out;
    }
}

package org.panuma.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A uid's user name from /etc/passwd ("name:x:uid:..."), or "uid N" when it has none there. */
public final class UserNames {
    private static final Path PASSWD = Path.of("/etc/passwd");

    private UserNames() {
    }

    public static String of(int uid) {
        try {
            return of(uid, Files.readString(PASSWD));
        } catch (IOException | RuntimeException e) {
            return "uid " + uid;
        }
    }

    /** Pure function over the text of a passwd file. */
    public static String of(int uid, String passwd) {
        String id = Integer.toString(uid);
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[2].equals(id) && !f[0].isEmpty()) {
                return f[0];
            }
        }
        return "uid " + uid;
    }
}

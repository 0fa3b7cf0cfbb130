package dev.beacon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** A command-line tool the tests check Beacon with (named-checkzone, dpkg-deb...), run to its end. */
public final class Tool {

    private Tool() {
    }

    /** Runs the command; fails the test unless it exits 0 within a minute. Returns stdout and stderr. */
    public static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}

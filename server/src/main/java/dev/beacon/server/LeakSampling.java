package dev.beacon.server;

/**
 * Netty samples one buffer in 128 for leaks and builds a stack trace for each: about 4% of the
 * CPU of a DNS query at 20,000 queries/s (bench/README.md). The test suite runs it at paranoid;
 * a serving process does without unless its JVM options name a level.
 */
public final class LeakSampling {

    static final String PROPERTY = "io.netty.leakDetection.level";

    private LeakSampling() {
    }

    /** Turns the sampling off unless a level is given; before any Netty class reads the property. */
    public static void offUnlessAsked() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "disabled");
        }
    }
}

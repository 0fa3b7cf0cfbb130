package dev.beacon.flood;

/**
 * A token-bucket rate: up to {@code burst} requests at once, refilled at {@code perSecond}.
 */
public record Rate(int burst, double perSecond) {

    public Rate {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number");
        }
    }

    public static Rate perMinute(int burst, double perMinute) {
        return new Rate(burst, perMinute / 60.0);
    }
}

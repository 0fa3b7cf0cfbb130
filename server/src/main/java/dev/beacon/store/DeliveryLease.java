package dev.beacon.store;

/** The right of one node to deliver webhooks, so events leave in order; see {@link Store#deliveryLease()}. */
public interface DeliveryLease extends AutoCloseable {

    /** False once the lease is lost (its connection died): take a new one before delivering more. */
    boolean valid();

    @Override
    void close();
}

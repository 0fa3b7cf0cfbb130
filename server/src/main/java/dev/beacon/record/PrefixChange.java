package dev.beacon.record;

/**
 * What a request says about IPv6 beyond a full address: an interface id for the names it
 * changes (or that they no longer have one), and a delegated prefix for the names that have one.
 *
 * @param interfaceId the interface id the names take, or null to keep theirs
 * @param clearInterfaceId whether the names stop having one (their address is then explicit again)
 * @param prefix the prefix the names with an interface id move under, or null for none
 */
public record PrefixChange(InterfaceId interfaceId, boolean clearInterfaceId, Ipv6Prefix prefix) {

    public static final PrefixChange NONE = new PrefixChange(null, false, null);

    public PrefixChange {
        if (clearInterfaceId && interfaceId != null) {
            throw new IllegalArgumentException("an interface id both set and cleared");
        }
    }

    public boolean isNone() {
        return interfaceId == null && !clearInterfaceId && prefix == null;
    }
}

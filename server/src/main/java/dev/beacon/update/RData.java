package dev.beacon.update;

import dev.beacon.record.ExtraRecord;
import java.util.Arrays;
import java.util.List;

/**
 * The data of one record in an update, decoded as far as Beacon keeps its type: an address, TXT
 * strings, or a CNAME/MX/SRV/TLSA record in presentation form (names decompressed, lowercase);
 * anything else as the bytes it came in. Immutable.
 */
sealed interface RData {

    /** An IPv4 address as a big-endian int. */
    record V4(int bits) implements RData {
    }

    /** An IPv6 address as two big-endian longs. */
    record V6(long high, long low) implements RData {
    }

    /** A TXT record's character-strings, in order. */
    record Txt(List<String> strings) implements RData {
        public Txt {
            strings = List.copyOf(strings);
        }
    }

    /** A record a device's name keeps beside its addresses, without its owner ({@code 10 mail.example.com.}). */
    record Extra(ExtraRecord.Kind kind, String text) implements RData {
        /** The record at an owner {@code prefix} labels under the name ({@code _sip._tcp}; empty: the name), or null when Beacon cannot keep it. */
        ExtraRecord at(String prefix) {
            return ExtraRecord.parse(kind, prefix.isEmpty() ? text : prefix + " " + text);
        }
    }

    /** Data of a type Beacon does not keep, or that it could not read as its type says. */
    record Other(byte[] bytes) implements RData {
        @Override
        public boolean equals(Object o) {
            return o instanceof Other other && Arrays.equals(other.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Other[" + bytes.length + " bytes]";
        }
    }
}

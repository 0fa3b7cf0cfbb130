package dev.beacon.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A pool gives one copy of equal strings, and never holds more than its capacity. */
class StringPoolTest {

    @Test
    void equalStringsComeBackAsTheFirstCopy() {
        StringPool pool = new StringPool(10);
        String first = new String("203.0.113.9");

        assertThat(pool.of(first)).isSameAs(first);
        assertThat(pool.of(new String("203.0.113.9"))).isSameAs(first);
    }

    @Test
    void aFullPoolPassesNewValuesThroughAndStillSharesThoseItHolds() {
        StringPool pool = new StringPool(1);
        String held = new String("Acme - Cam X1 - 1.0.3");
        pool.of(held);
        String other = new String("Acme - Cam X2 - 2.0");

        assertThat(pool.of(other)).isSameAs(other);
        String otherAgain = new String("Acme - Cam X2 - 2.0");
        assertThat(pool.of(otherAgain)).isSameAs(otherAgain);
        assertThat(pool.of(new String("Acme - Cam X1 - 1.0.3"))).isSameAs(held);
    }

    @Test
    void nullStaysNull() {
        assertThat(new StringPool(4).of(null)).isNull();
    }

    @Test
    void aNegativeCapacityIsRefused() {
        assertThatThrownBy(() -> new StringPool(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.beacon.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The persistent map behaves like a HashMap, and old versions never change. */
class PersistentMapProperties {

    /** An operation: put when value is non-null, remove otherwise. */
    record Op(Key key, Integer value) {
    }

    /** A key with a weak hash, so collisions and deep tries get exercised. */
    record Key(int id) {
        @Override
        public int hashCode() {
            return id % 97;
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Key> keys = Arbitraries.integers().between(0, 400).map(Key::new);
        Arbitrary<Integer> values = Arbitraries.integers().between(0, 5).injectNull(0.3);
        return net.jqwik.api.Combinators.combine(keys, values).as(Op::new).list().ofMaxSize(600);
    }

    @Property(tries = 200)
    void behavesLikeAHashMapAndKeepsOldVersionsIntact(@ForAll("ops") List<Op> ops) {
        PersistentMap<Key, Integer> map = PersistentMap.empty();
        Map<Key, Integer> model = new HashMap<>();
        PersistentMap<Key, Integer> halfway = null;
        Map<Key, Integer> halfwayModel = null;
        for (int i = 0; i < ops.size(); i++) {
            map = apply(map, model, ops.get(i));
            if (i == ops.size() / 2) {
                halfway = map;
                halfwayModel = new HashMap<>(model);
            }
        }
        assertEquivalent(map, model);
        if (halfway != null) {
            assertEquivalent(halfway, halfwayModel);
        }
    }

    @Property(tries = 200)
    void aMapBuiltInOneGoHoldsTheLastValueOfEachKeyAndThenBehavesLikeAHashMap(@ForAll("ops") List<Op> puts,
            @ForAll("ops") List<Op> after) {
        Object[] keys = new Object[puts.size()];
        Object[] values = new Object[puts.size()];
        Map<Key, Integer> model = new HashMap<>();
        for (int i = 0; i < puts.size(); i++) {
            Op op = puts.get(i);
            int value = op.value() == null ? -1 : op.value();
            keys[i] = op.key();
            values[i] = value;
            model.put(op.key(), value);
        }
        PersistentMap<Key, Integer> map = PersistentMap.of(keys, values, puts.size());
        assertEquivalent(map, model);
        // Its nodes are ordinary ones: later versions grow and shrink from them as from any other.
        for (Op op : after) {
            map = apply(map, model, op);
        }
        assertEquivalent(map, model);
    }

    /** A key with a well-spread hash, so a one-go build fills deep, wide tries. */
    record WideKey(int id) {
        @Override
        public int hashCode() {
            return id * 0x9E3779B9;
        }
    }

    @Property(tries = 50)
    void aLargeMapBuiltInOneGoFindsEveryKey(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 20_000) int n) {
        Object[] keys = new Object[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new WideKey(i);
            values[i] = i;
        }
        PersistentMap<WideKey, Integer> map = PersistentMap.of(keys, values, n);
        assertThat(map.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(map.get(new WideKey(i))).isEqualTo(i);
        }
        assertThat(map.get(new WideKey(n))).isNull();
    }

    /** The op applied to the map and its model alike; returns the map's next version. */
    private static PersistentMap<Key, Integer> apply(PersistentMap<Key, Integer> map, Map<Key, Integer> model, Op op) {
        if (op.value() == null) {
            model.remove(op.key());
            return map.minus(op.key());
        }
        model.put(op.key(), op.value());
        return map.plus(op.key(), op.value());
    }

    private static void assertEquivalent(PersistentMap<Key, Integer> map, Map<Key, Integer> model) {
        assertThat(map.size()).isEqualTo(model.size());
        for (int id = 0; id <= 400; id++) {
            Key key = new Key(id);
            assertThat(map.get(key)).isEqualTo(model.get(key));
            assertThat(map.getMatching(key.hashCode(), key::equals)).isEqualTo(model.get(key));
        }
        Map<Key, Integer> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(model);
        // The lazy walk a zone transfer reads sees every value once, collisions included.
        List<Integer> walked = new java.util.ArrayList<>();
        map.values().forEachRemaining(walked::add);
        assertThat(walked).containsExactlyInAnyOrderElementsOf(model.values());
    }
}

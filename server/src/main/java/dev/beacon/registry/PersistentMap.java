package dev.beacon.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable hash map whose updates share structure with the map they came from (a hash array
 * mapped trie, Bagwell 2001). Readers hold a version forever without locks; a writer makes the
 * next version in O(log32 n) new nodes, so publishing a batch of changes costs the batch, not the
 * size of the zone.
 *
 * <p>Thread-safe because immutable. Keys must have stable {@code hashCode}/{@code equals}; null
 * keys and values are not allowed.
 */
final class PersistentMap<K, V> {

    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(BitmapNode.EMPTY, 0);

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /**
     * A map of {@code n} entries, {@code keys[i]} bound to {@code values[i]}; of keys that are
     * equal, the last one's value is kept. Built in one sort and one pass, with no intermediate
     * versions: what loading a stored zone needs, where a put per name would copy a path of nodes
     * per name and leave them all as garbage.
     */
    static <K, V> PersistentMap<K, V> of(Object[] keys, Object[] values, int n) {
        if (n == 0) {
            return empty();
        }
        // Each entry as (its hash's slot digits, level 0 first, as one unsigned number; its
        // position): sorted, every node's entries are one run, and equal keys keep input order.
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            Objects.requireNonNull(values[i]);
            sorted[i] = (long) trieKey(Objects.requireNonNull(keys[i]).hashCode()) << 32 | i;
        }
        java.util.Arrays.sort(sorted);
        Bulk bulk = new Bulk(keys, values, sorted);
        Node root = bulk.node(0, n, 0);
        return new PersistentMap<>(root, bulk.size);
    }

    /**
     * Where a key of this {@code hashCode()} sorts among others in trie order (signed order of
     * the results): the order {@link #of} builds from and iteration visits. Entries given to
     * {@link #of} already in that order are sorted in one pass.
     */
    static int trieKey(int hashCode) {
        return trieOrder(spread(hashCode)) ^ Integer.MIN_VALUE;
    }

    /** The hash's five-bit slot numbers, the first level's in the highest bits. */
    private static int trieOrder(int hash) {
        int order = 0;
        for (int shift = 0; shift < 30; shift += 5) {
            order = order << 5 | (hash >>> shift) & 31;
        }
        return order << 2 | hash >>> 30;
    }

    /** One {@link #of} build over entries sorted into trie order. */
    private static final class Bulk {
        final Object[] keys;
        final Object[] values;
        final long[] sorted;
        int size;

        Bulk(Object[] keys, Object[] values, long[] sorted) {
            this.keys = keys;
            this.values = values;
            this.sorted = sorted;
        }

        private int at(int i) {
            return (int) sorted[i];
        }

        private int hash(int i) {
            return spread(keys[at(i)].hashCode());
        }

        /** The slot of entry {@code i} at the level of {@code shift}, read back from its sort key. */
        private int slot(int i, int shift) {
            int order = (int) (sorted[i] >>> 32) ^ Integer.MIN_VALUE;
            return shift < 30 ? (order >>> (27 - shift)) & 31 : order & 3;
        }

        /** The node of the entries {@code sorted[from, to)}, which agree on every hash bit below {@code shift}. */
        Node node(int from, int to, int shift) {
            if (shift >= 32) {
                return collision(from, to);
            }
            int bitmap = 0;
            int slots = 0;
            for (int i = from; i < to; i++) {
                int bit = 1 << slot(i, shift);
                if ((bitmap & bit) == 0) {
                    bitmap |= bit;
                    slots++;
                }
            }
            Object[] entries = new Object[2 * slots];
            int e = 0;
            for (int s = from; s < to; ) {
                int slot = slot(s, shift);
                int t = s + 1;
                while (t < to && slot(t, shift) == slot) {
                    t++;
                }
                if (sameKey(s, t)) {
                    entries[e] = keys[at(t - 1)];
                    entries[e + 1] = values[at(t - 1)];
                    size++;
                } else {
                    entries[e + 1] = node(s, t, shift + 5);
                }
                e += 2;
                s = t;
            }
            return new BitmapNode(bitmap, entries);
        }

        /** Whether every entry of {@code sorted[from, to)} has the same key. */
        private boolean sameKey(int from, int to) {
            Object first = keys[at(from)];
            for (int i = from + 1; i < to; i++) {
                if ((sorted[i] >>> 32) != (sorted[from] >>> 32) || !first.equals(keys[at(i)])) {
                    return false;
                }
            }
            return true;
        }

        /** Entries whose 32 hash bits are all equal; of equal keys, the last one's value. */
        private Node collision(int from, int to) {
            java.util.List<Object> flat = new java.util.ArrayList<>();
            for (int i = from; i < to; i++) {
                Object k = keys[at(i)];
                int found = -1;
                for (int j = 0; j < flat.size(); j += 2) {
                    if (flat.get(j).equals(k)) {
                        found = j;
                    }
                }
                if (found < 0) {
                    flat.add(k);
                    flat.add(values[at(i)]);
                    size++;
                } else {
                    flat.set(found + 1, values[at(i)]);
                }
            }
            return new CollisionNode(hash(from), flat.toArray());
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    V get(K key) {
        return getMatching(key.hashCode(), key::equals);
    }

    /**
     * Finds the value whose key {@code matcher} accepts, among keys whose {@code hashCode()} is
     * {@code hash}. Lets a caller look up by a key it has not built (a label still in a packet
     * buffer), so the lookup allocates nothing.
     */
    @SuppressWarnings("unchecked")
    V getMatching(int hash, Predicate<? super K> matcher) {
        return (V) root.findMatching((Predicate<Object>) matcher, spread(hash), 0);
    }

    boolean containsKey(K key) {
        return get(key) != null;
    }

    /** A map with {@code key} bound to {@code value}; this map if it already was. */
    PersistentMap<K, V> plus(K key, V value) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value);
        boolean[] added = new boolean[1];
        Node next = root.put(key, value, spread(key.hashCode()), 0, added);
        return next == root ? this : new PersistentMap<>(next, added[0] ? size + 1 : size);
    }

    /** A map without {@code key}; this map if it had none. */
    PersistentMap<K, V> minus(K key) {
        Node next = root.remove(key, spread(key.hashCode()), 0);
        if (next == root) {
            return this;
        }
        return new PersistentMap<>(next == null ? BitmapNode.EMPTY : next, size - 1);
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        root.forEach((BiConsumer<Object, Object>) action);
    }

    /**
     * The values, in no particular order, read lazily from this version: a caller can walk a
     * million entries without copying them, and later versions do not disturb the walk.
     */
    java.util.Iterator<V> values() {
        return new ValueIterator<>(root);
    }

    /** Depth-first over the trie, one frame per level (at most 8 for 32-bit hashes). */
    private static final class ValueIterator<V> implements java.util.Iterator<V> {
        private final java.util.ArrayDeque<Object[]> arrays = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Integer> positions = new java.util.ArrayDeque<>();
        private Object next;

        ValueIterator(Node root) {
            push(root);
            advance();
        }

        private void push(Node node) {
            arrays.push(node instanceof BitmapNode b ? b.entries : ((CollisionNode) node).entries);
            positions.push(0);
        }

        private void advance() {
            next = null;
            while (!arrays.isEmpty()) {
                Object[] entries = arrays.peek();
                int i = positions.pop();
                if (i >= entries.length) {
                    arrays.pop();
                    continue;
                }
                positions.push(i + 2);
                if (entries[i] == null) {
                    push((Node) entries[i + 1]);
                } else {
                    next = entries[i + 1];
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            V value = (V) next;
            advance();
            return value;
        }
    }

    private static int spread(int h) {
        // Keys such as short strings have weak low bits; mix before using 5 bits per level.
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    private interface Node {
        Object findMatching(Predicate<Object> matcher, int hash, int shift);

        /** Returns this node when nothing changed; sets added[0] when the key was new. */
        Node put(Object key, Object value, int hash, int shift, boolean[] added);

        /** Returns this node when the key was absent, null when the node became empty. */
        Node remove(Object key, int hash, int shift);

        void forEach(BiConsumer<Object, Object> action);
    }

    /**
     * An inner node: a 32-bit bitmap says which of 32 slots are present; entries holds, per
     * present slot, either (key, value) or (null, child node).
     */
    private static final class BitmapNode implements Node {
        static final BitmapNode EMPTY = new BitmapNode(0, new Object[0]);

        final int bitmap;
        final Object[] entries;

        BitmapNode(int bitmap, Object[] entries) {
            this.bitmap = bitmap;
            this.entries = entries;
        }

        private int index(int bit) {
            return 2 * Integer.bitCount(bitmap & (bit - 1));
        }

        @Override
        public Object findMatching(Predicate<Object> matcher, int hash, int shift) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((bitmap & bit) == 0) {
                return null;
            }
            int i = index(bit);
            Object k = entries[i];
            if (k == null) {
                return ((Node) entries[i + 1]).findMatching(matcher, hash, shift + 5);
            }
            return matcher.test(k) ? entries[i + 1] : null;
        }

        @Override
        public Node put(Object key, Object value, int hash, int shift, boolean[] added) {
            int bit = 1 << ((hash >>> shift) & 31);
            int i = index(bit);
            if ((bitmap & bit) == 0) {
                Object[] next = new Object[entries.length + 2];
                System.arraycopy(entries, 0, next, 0, i);
                next[i] = key;
                next[i + 1] = value;
                System.arraycopy(entries, i, next, i + 2, entries.length - i);
                added[0] = true;
                return new BitmapNode(bitmap | bit, next);
            }
            Object k = entries[i];
            Object v = entries[i + 1];
            if (k == null) {
                Node child = (Node) v;
                Node nextChild = child.put(key, value, hash, shift + 5, added);
                return nextChild == child ? this : with(i + 1, nextChild);
            }
            if (key.equals(k)) {
                return v.equals(value) ? this : with(i + 1, value);
            }
            added[0] = true;
            Node child = pair(k, v, spread(k.hashCode()), key, value, hash, shift + 5);
            Object[] next = entries.clone();
            next[i] = null;
            next[i + 1] = child;
            return new BitmapNode(bitmap, next);
        }

        private BitmapNode with(int index, Object value) {
            Object[] next = entries.clone();
            next[index] = value;
            return new BitmapNode(bitmap, next);
        }

        @Override
        public Node remove(Object key, int hash, int shift) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int i = index(bit);
            Object k = entries[i];
            if (k == null) {
                Node child = (Node) entries[i + 1];
                Node nextChild = child.remove(key, hash, shift + 5);
                if (nextChild == child) {
                    return this;
                }
                if (nextChild != null) {
                    return with(i + 1, nextChild);
                }
                return without(bit, i);
            }
            return key.equals(k) ? without(bit, i) : this;
        }

        private Node without(int bit, int i) {
            if (bitmap == bit) {
                return null;
            }
            Object[] next = new Object[entries.length - 2];
            System.arraycopy(entries, 0, next, 0, i);
            System.arraycopy(entries, i + 2, next, i, entries.length - i - 2);
            return new BitmapNode(bitmap & ~bit, next);
        }

        @Override
        public void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < entries.length; i += 2) {
                if (entries[i] == null) {
                    ((Node) entries[i + 1]).forEach(action);
                } else {
                    action.accept(entries[i], entries[i + 1]);
                }
            }
        }
    }

    /** Keys whose full 32-bit hashes are equal: a flat list, searched linearly. */
    private static final class CollisionNode implements Node {
        final int hash;
        final Object[] entries;

        CollisionNode(int hash, Object[] entries) {
            this.hash = hash;
            this.entries = entries;
        }

        @Override
        public Object findMatching(Predicate<Object> matcher, int h, int shift) {
            for (int i = 0; i < entries.length; i += 2) {
                if (matcher.test(entries[i])) {
                    return entries[i + 1];
                }
            }
            return null;
        }

        @Override
        public Node put(Object key, Object value, int h, int shift, boolean[] added) {
            for (int i = 0; i < entries.length; i += 2) {
                if (key.equals(entries[i])) {
                    if (entries[i + 1].equals(value)) {
                        return this;
                    }
                    Object[] next = entries.clone();
                    next[i + 1] = value;
                    return new CollisionNode(hash, next);
                }
            }
            Object[] next = Arrays.copyOf(entries, entries.length + 2);
            next[entries.length] = key;
            next[entries.length + 1] = value;
            added[0] = true;
            return new CollisionNode(hash, next);
        }

        @Override
        public Node remove(Object key, int h, int shift) {
            for (int i = 0; i < entries.length; i += 2) {
                if (key.equals(entries[i])) {
                    if (entries.length == 2) {
                        return null;
                    }
                    Object[] next = new Object[entries.length - 2];
                    System.arraycopy(entries, 0, next, 0, i);
                    System.arraycopy(entries, i + 2, next, i, entries.length - i - 2);
                    return new CollisionNode(hash, next);
                }
            }
            return this;
        }

        @Override
        public void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < entries.length; i += 2) {
                action.accept(entries[i], entries[i + 1]);
            }
        }
    }

    /** A node holding two entries that collided at {@code shift - 5}. */
    private static Node pair(Object k1, Object v1, int h1, Object k2, Object v2, int h2, int shift) {
        if (shift >= 32) {
            // All 32 hash bits are used up: only keys with equal hashes get this deep.
            return new CollisionNode(h1, new Object[] {k1, v1, k2, v2});
        }
        int b1 = (h1 >>> shift) & 31;
        int b2 = (h2 >>> shift) & 31;
        if (b1 == b2) {
            return new BitmapNode(1 << b1, new Object[] {null, pair(k1, v1, h1, k2, v2, h2, shift + 5)});
        }
        Object[] entries = b1 < b2 ? new Object[] {k1, v1, k2, v2} : new Object[] {k2, v2, k1, v1};
        return new BitmapNode(1 << b1 | 1 << b2, entries);
    }
}

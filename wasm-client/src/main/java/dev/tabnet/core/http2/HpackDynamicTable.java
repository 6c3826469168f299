package dev.tabnet.core.http2;

/**
 * The HPACK dynamic table (RFC 7541 §2.3.2, §4): newest entry first, FIFO eviction by size. A ring
 * buffer so inserting and evicting cost no copying.
 */
final class HpackDynamicTable {
    private HeaderField[] ring = new HeaderField[16];
    private int head; // slot of the newest entry
    private int count;
    private int size; // sum of entry sizes (RFC 7541 §4.1)
    private int maxSize;

    HpackDynamicTable(int maxSize) {
        this.maxSize = maxSize;
    }

    int count() {
        return count;
    }

    int size() {
        return size;
    }

    int maxSize() {
        return maxSize;
    }

    /** Entry at dynamic index i (1 = newest). */
    HeaderField get(int i) {
        if (i < 1 || i > count) throw new IndexOutOfBoundsException("dynamic index " + i);
        return ring[(head + i - 1) & (ring.length - 1)];
    }

    /** RFC 7541 §4.4: evict until the new entry fits; an entry larger than the table empties it. */
    void add(HeaderField field) {
        int need = field.hpackSize();
        while (count > 0 && size + need > maxSize) evictOldest();
        if (need > maxSize) return;
        if (count == ring.length) grow();
        head = (head - 1) & (ring.length - 1);
        ring[head] = field;
        count++;
        size += need;
    }

    /** RFC 7541 §4.3: a smaller maximum evicts the oldest entries. */
    void setMaxSize(int newMax) {
        maxSize = newMax;
        while (count > 0 && size > maxSize) evictOldest();
    }

    /** Dynamic index (1-based) of an entry equal to field, or 0. */
    int indexOf(HeaderField field) {
        for (int i = 1; i <= count; i++) if (get(i).equals(field)) return i;
        return 0;
    }

    /** Dynamic index (1-based) of the newest entry with this name, or 0. */
    int indexOfName(String name) {
        for (int i = 1; i <= count; i++) if (get(i).name.equals(name)) return i;
        return 0;
    }

    private void evictOldest() {
        int slot = (head + count - 1) & (ring.length - 1);
        size -= ring[slot].hpackSize();
        ring[slot] = null;
        count--;
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        for (int i = 0; i < count; i++) bigger[i] = ring[(head + i) & (ring.length - 1)];
        ring = bigger;
        head = 0;
    }
}

package dev.tabnet.server.tailnet;

/** Told about membership changes, e.g. by map sessions that push netmap deltas. */
public interface TailnetListener {
    void nodeAdded(TailnetNode node);

    void nodeRemoved(TailnetNode node, String why);

    /** Disco key or home relay changed, or the node came online or went offline. */
    default void nodeChanged(TailnetNode node) {}
}

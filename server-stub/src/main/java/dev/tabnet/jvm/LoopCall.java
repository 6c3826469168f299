package dev.tabnet.jvm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Runs a function on an event loop (through its executor) and waits for the result. */
final class LoopCall {
    private LoopCall() {}

    /** What fn throws comes back as an IllegalStateException with it as the cause. */
    static <T> T await(Executor loop, Supplier<T> fn) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(fn.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}

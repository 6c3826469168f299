package dev.tabnet.jvm;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Blocking accept() over {@link dev.tabnet.core.netstack.NetStack#listen}. */
public final class BlockingTcpServer implements AutoCloseable {
    private final NetStackDriver driver;
    private final int port;
    private final LinkedBlockingQueue<BlockingTcpSocket> accepted = new LinkedBlockingQueue<>();

    public BlockingTcpServer(NetStackDriver driver, int port) throws InterruptedException {
        this.driver = driver;
        this.port = port;
        driver.call(() -> {
            driver.stack().listen(port, s -> {
                accepted.add(BlockingTcpSocket.accepted(driver, s));
                return null; // listener already installed by accepted()
            });
            return null;
        });
    }

    /** Waits for the next connection; null on timeout. */
    public BlockingTcpSocket accept(long timeoutMillis) throws InterruptedException {
        return accepted.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        driver.execute(() -> driver.stack().stopListening(port));
    }
}

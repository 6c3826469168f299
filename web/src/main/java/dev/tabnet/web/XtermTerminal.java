package dev.tabnet.web;

import dev.tabnet.console.Terminal;

/** The console's Terminal on top of xterm.js. */
final class XtermTerminal implements Terminal {
    private final Xterm xterm;

    XtermTerminal(Xterm xterm) {
        this.xterm = xterm;
    }

    @Override
    public void write(String text) {
        xterm.write(text);
    }

    @Override
    public int columns() {
        return xterm.getCols();
    }

    @Override
    public int rows() {
        return xterm.getRows();
    }
}

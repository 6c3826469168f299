/**
 * The console: a line editor and a command shell over a {@link dev.tabnet.console.Terminal}. It has
 * no I/O of its own, so the same code drives xterm.js in the tab and plain streams on the JVM.
 */
package dev.tabnet.console;

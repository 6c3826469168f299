/**
 * The browser adapter: the only code in wasm-client that talks to JavaScript (TeaVM JSO). It turns
 * WebSocket events, timers and crypto.getRandomValues into calls on the pure core. Everything here
 * runs on the page's single event loop, so nothing blocks and nothing suspends (a suspending call
 * inside a JS callback crashes TeaVM's Wasm-GC runtime).
 */
package dev.tabnet.browser;

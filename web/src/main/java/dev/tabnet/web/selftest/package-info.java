/**
 * The protocol core run inside the browser: a second Wasm-GC module ({@code selftest.wasm}, page
 * {@code selftest.html}) whose main drives real core state machines against each other and
 * publishes what it saw. Its TeaVM compile (with {@code stopOnErrors}) is the build check that
 * every protocol package compiles under TeaVM, including packages the page does not reach yet;
 * {@code WasmCoreSelfTest} in module tests runs it in Chromium to prove the code also runs right.
 */
package dev.tabnet.web.selftest;

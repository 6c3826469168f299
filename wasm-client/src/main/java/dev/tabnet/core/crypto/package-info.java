/**
 * The crypto facade: the only package of the project that imports BouncyCastle (lightweight API
 * only, never the JCA provider or javax.crypto, which TeaVM cannot compile). Everything above
 * works with byte arrays and these small classes, so the same code runs on the JVM and in Wasm.
 */
package dev.tabnet.core.crypto;

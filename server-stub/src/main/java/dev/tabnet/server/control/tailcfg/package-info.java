/**
 * Server-side JSON model of the control protocol's wire types (tailscale {@code tailcfg}), for
 * jackson-jr. Field names are the Go field names (the JSON names), so the public fields are
 * PascalCase on purpose. Convention for Go's {@code omitempty}/{@code omitzero}: such fields are
 * boxed or reference types and stay null to be omitted; fields Go always emits are primitives.
 * Keys are their text forms ({@code nodekey:…}), times RFC 3339 strings, {@code []byte} base64.
 * Only the fields this server reads or writes are modelled; unknown members are ignored on input,
 * as Go's decoder does.
 */
package dev.tabnet.server.control.tailcfg;

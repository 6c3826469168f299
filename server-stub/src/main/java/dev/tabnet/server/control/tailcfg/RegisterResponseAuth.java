package dev.tabnet.server.control.tailcfg;

/** RegisterRequest.Auth (tailcfg.RegisterResponseAuth): a pre-auth key. */
public final class RegisterResponseAuth {
    public String AuthKey;
}

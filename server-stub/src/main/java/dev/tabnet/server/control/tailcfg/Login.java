package dev.tabnet.server.control.tailcfg;

/** tailcfg.Login. */
public final class Login {
    public long ID;
    public String Provider = "";
    public String LoginName = "";
    public String DisplayName = "";
    public String ProfilePicURL;
}

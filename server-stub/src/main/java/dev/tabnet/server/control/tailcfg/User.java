package dev.tabnet.server.control.tailcfg;

/** tailcfg.User. */
public final class User {
    public long ID;
    public String DisplayName = "";
    public String ProfilePicURL;
    public String Created;
}

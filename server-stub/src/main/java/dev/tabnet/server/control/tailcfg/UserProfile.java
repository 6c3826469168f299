package dev.tabnet.server.control.tailcfg;

import java.util.List;

/** tailcfg.UserProfile (MapResponse.UserProfiles). */
public final class UserProfile {
    public long ID;
    public String LoginName = "";
    public String DisplayName = "";
    public String ProfilePicURL;
    public List<String> Groups;
}

package dev.tabnet.server.control.tailcfg;

/** Answer to /machine/register (tailcfg.RegisterResponse). Non-empty AuthURL = login pending; non-empty Error = failure. */
public final class RegisterResponse {
    public User User = new User();
    public Login Login = new Login();
    public boolean NodeKeyExpired;
    public boolean MachineAuthorized;
    public String AuthURL = "";
    public String NodeKeySignature;
    public String Error = "";
}

package dev.tabnet.server.control.tailcfg;

/** Body of POST /machine/register (tailcfg.RegisterRequest). */
public final class RegisterRequest {
    public int Version;
    public String NodeKey;
    public String OldNodeKey;
    public String NLKey;
    public RegisterResponseAuth Auth;
    /** RFC 3339; "0001-01-01T00:00:00Z" = no expiry; a past time = log out. */
    public String Expiry;
    /** The AuthURL of an earlier response: the server holds the request until that login completes. */
    public String Followup;
    public Hostinfo Hostinfo;
    public Boolean Ephemeral;
    /** base64 bytes or null (tailnet lock). */
    public String NodeKeySignature;
    public String Tailnet;
}

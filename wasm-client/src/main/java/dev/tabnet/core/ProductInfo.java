package dev.tabnet.core;

/** Product name and version, shown by `version` and sent as the client's app name. */
public final class ProductInfo {
    public static final String NAME = "tabnet";
    public static final String VERSION = "0.1.0";

    private ProductInfo() {}

    public static String describe(String platform) {
        return NAME + " " + VERSION + " (" + platform + ")";
    }
}

package io.orderhub.cutover;

/**
 * Where a request comes from, as the gray-release rules match it: the calling system, its region
 * (GB/T 2260) and store. A POS call's identity is one ({@code soap.PosIdentity}); any part may be
 * unknown ({@code null}).
 */
public interface Origin {

    String sourceSystem();

    String regionCode();

    String storeCode();
}

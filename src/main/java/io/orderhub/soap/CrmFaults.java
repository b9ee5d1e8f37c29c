package io.orderhub.soap;

import io.orderhub.soap.contract.CrmFault;
import io.orderhub.soap.contract.CrmFault_Exception;

/**
 * The legacy CRM's fault codes, the same whoever answers (the legacy CRM or the hub). A POS keys its
 * behaviour on FaultCode, so these never change meaning.
 */
public final class CrmFaults {

    /** ResultCode of an answer that did what was asked. */
    public static final String RESULT_OK = "0000";
    /** ResultCode of a SubmitOrder whose transaction the CRM already holds: the original order is returned. */
    public static final String RESULT_DUPLICATE = "0001";

    /** The request does not match the contract (schema validation); Element names the offending element. */
    public static final String INVALID_REQUEST = "CRM-1000";
    /** No member with that card number or mobile. */
    public static final String MEMBER_NOT_FOUND = "CRM-1001";
    /** No order with that order number. */
    public static final String ORDER_NOT_FOUND = "CRM-1002";
    /** Amounts do not add up (line, goods, pay); Element names the amount. */
    public static final String AMOUNT_MISMATCH = "CRM-1004";
    /** The status change is not allowed from the order's current status. */
    public static final String ILLEGAL_STATUS = "CRM-1005";
    /** UpdateMember: the member changed since the version the POS sent; query or register again for the current one. */
    public static final String VERSION_CONFLICT = "CRM-1006";
    /** UpdateMember: the new mobile is already another member's. */
    public static final String MOBILE_TAKEN = "CRM-1007";
    /** WS-Security is required and the UsernameToken is missing, wrong, stale or replayed. */
    public static final String AUTHENTICATION = "CRM-1100";
    /** The CRM cannot answer now (down, timed out, circuit open); the POS may retry. */
    public static final String UNAVAILABLE = "CRM-9000";
    /** Anything unexpected; details are in the server log under the message's id. */
    public static final String INTERNAL = "CRM-9999";

    private CrmFaults() {
    }

    public static CrmFault_Exception fault(String code, String message, String element) {
        CrmFault f = new CrmFault();
        f.setFaultCode(code);
        f.setFaultMessage(message);
        f.setElement(element);
        return new CrmFault_Exception(code + " " + message, f);
    }
}

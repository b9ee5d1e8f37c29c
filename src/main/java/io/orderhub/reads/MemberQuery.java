package io.orderhub.reads;

/** What a caller asks {@code direct:member-read} for: a member by card number, else by mobile. */
public record MemberQuery(String cardNo, String mobile) {
}

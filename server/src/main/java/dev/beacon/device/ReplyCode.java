package dev.beacon.device;

/** The reply codes devices in the field expect (protocol §1). */
public enum ReplyCode {
    INVALID_HOSTNAME("01"),
    INVALID_TOKEN("02"),
    INVALID_IP("04"),
    INVALID_FIELD("05"),
    NAME_TAKEN("07"),
    NO_CHANGE("08"),
    MODIFIED("09"),
    CREATED("10"),
    SERVER_ERROR("12"),
    NO_RECORD("13"),
    FOUND("14"),
    DELETED("15"),
    DELETE_FAILED("16"),
    FLOOD("911");

    private final String text;

    ReplyCode(String text) {
        this.text = text;
    }

    /** The code as it appears on the wire. */
    public String text() {
        return text;
    }
}

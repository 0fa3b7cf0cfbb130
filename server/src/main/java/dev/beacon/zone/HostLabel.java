package dev.beacon.zone;

import java.net.IDN;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the name a user typed ({@code dm}) into the label a record is stored under, or says why
 * it cannot be one (protocol §1: reply 01).
 *
 * <p>Rules: surrounding whitespace trimmed; case folded; a full name in the zone has the zone
 * suffix stripped; the result is one LDH label of 1-63 characters, not starting or ending with
 * {@code -}; Unicode goes through IDNA to {@code xn--} form; hyphens in the third and fourth
 * place are reserved for IDNA (RFC 5891 §4.2.3.1), so only a valid {@code xn--} label may have
 * them; reserved labels are refused.
 */
public final class HostLabel {

    /** Why a name was refused; all mean reply 01 to the device. */
    public enum Problem { EMPTY, NOT_ONE_LABEL, TOO_LONG, BAD_CHARACTER, BAD_HYPHEN, BAD_IDN, MIXED_SCRIPT, RESERVED }

    /**
     * Scripts that may share a label (UTS #39's "highly restrictive" level): Latin with the
     * scripts written together with Han. Any other mix, such as a Cyrillic {@code а} among Latin
     * letters, is how a look-alike of another name is made.
     */
    private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXES = List.of(
            Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            Set.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    /** The outcome: exactly one of {@code label} and {@code problem} is set. */
    public record Parsed(String label, Problem problem) {
        public boolean ok() {
            return label != null;
        }
    }

    private HostLabel() {
    }

    public static Parsed parse(String typed, Zone zone) {
        if (typed == null) {
            return fail(Problem.EMPTY);
        }
        String name = typed.strip();
        if (name.isEmpty()) {
            return fail(Problem.EMPTY);
        }
        if (!isAscii(name)) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                    return fail(Problem.BAD_CHARACTER);
                }
            }
            try {
                name = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                return fail(Problem.BAD_IDN);
            }
        }
        name = name.toLowerCase(Locale.ROOT);
        String suffix = "." + zone.name();
        if (name.endsWith(suffix)) {
            name = name.substring(0, name.length() - suffix.length());
        } else if (name.equals(zone.name())) {
            return fail(Problem.RESERVED);
        }
        if (name.isEmpty()) {
            return fail(Problem.EMPTY);
        }
        if (name.indexOf('.') >= 0) {
            // Another zone's name, a trailing dot, "..", or two labels: none is one label here.
            return fail(Problem.NOT_ONE_LABEL);
        }
        return checkLabel(name, zone);
    }

    private static Parsed checkLabel(String label, Zone zone) {
        if (label.length() > 63) {
            return fail(Problem.TOO_LONG);
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return fail(Problem.BAD_CHARACTER);
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return fail(Problem.BAD_HYPHEN);
        }
        if (label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-') {
            if (!label.startsWith("xn--") || !isValidALabel(label)) {
                return fail(label.startsWith("xn--") ? Problem.BAD_IDN : Problem.BAD_HYPHEN);
            }
            if (mixesScripts(IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES))) {
                return fail(Problem.MIXED_SCRIPT);
            }
        }
        if (zone.policy().reserves(label)) {
            return fail(Problem.RESERVED);
        }
        return new Parsed(label, null);
    }

    /** True when the label's letters come from scripts that may not share a label. */
    static boolean mixesScripts(String unicode) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        unicode.codePoints().forEach(cp -> {
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            if (s != Character.UnicodeScript.COMMON && s != Character.UnicodeScript.INHERITED) {
                scripts.add(s);
            }
        });
        return scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(allowed -> allowed.containsAll(scripts));
    }

    /** An {@code xn--} label must decode to Unicode that encodes back to the same label. */
    private static boolean isValidALabel(String label) {
        String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
        if (unicode.equals(label)) {
            return false;
        }
        try {
            return IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equalsIgnoreCase(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static Parsed fail(Problem problem) {
        return new Parsed(null, problem);
    }
}

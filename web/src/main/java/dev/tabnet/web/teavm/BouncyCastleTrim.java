package dev.tabnet.web.teavm;

import java.util.Date;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;

/**
 * A TeaVM class transformer (named in web/pom.xml) that replaces two BouncyCastle method bodies
 * whose JDK calls link large parts of TeaVM's classlib into the Wasm client without doing anything
 * useful in a browser:
 * <ul>
 *   <li>{@code Strings.lineSeparator()} calls {@code String.format("%n")}, which links
 *       java.util.Formatter and with it DecimalFormat, Calendar and the time-zone database.
 *       In the browser the answer is always "\n" (as TeaVM's own System.lineSeparator()).</li>
 *   <li>{@code QuantumVulnerableConstraint.startOfYear(int)} builds 1 January 00:00 UTC of a year
 *       through Calendar/TimeZone; {@link #startOfYearUtc} computes the same instant directly.</li>
 * </ul>
 * Runs only at TeaVM compile time; the JVM build of the same code is untouched.
 */
public final class BouncyCastleTrim implements ClassHolderTransformer {
    @Override
    public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
        switch (cls.getName()) {
            case "org.bouncycastle.util.Strings": {
                MethodHolder m = cls.getMethod(new MethodDescriptor("lineSeparator", String.class));
                if (m != null && m.getProgram() != null) {
                    ProgramEmitter pe = ProgramEmitter.create(m, context.getHierarchy());
                    pe.constant("\n").returnValue();
                }
                break;
            }
            case "org.bouncycastle.crypto.constraints.QuantumVulnerableConstraint": {
                MethodHolder m = cls.getMethod(new MethodDescriptor("startOfYear", int.class, Date.class));
                if (m != null && m.getProgram() != null) {
                    ProgramEmitter pe = ProgramEmitter.create(m, context.getHierarchy());
                    pe.invoke(BouncyCastleTrim.class, "startOfYearUtc", Date.class, pe.var(1, ValueType.INTEGER))
                            .returnValue();
                }
                break;
            }
            default:
                break;
        }
    }

    /** 1 January {@code year}, 00:00:00 UTC, as GregorianCalendar gives it for years after 1582. */
    public static Date startOfYearUtc(int year) {
        long y = year - 1L; // whole years before this one
        long days = 365 * y + Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400) - 719162; // 719162 = days from 0001-01-01 to 1970-01-01
        return new Date(days * 86_400_000L);
    }
}

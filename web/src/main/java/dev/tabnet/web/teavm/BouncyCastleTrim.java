package dev.tabnet.web.teavm;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodDescriptor;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.model.instructions.StringConstantInstruction;

/**
 * A TeaVM class transformer (named in web/pom.xml) that replaces two BouncyCastle method bodies
 * whose JDK calls link large parts of TeaVM's classlib into the Wasm client without doing anything
 * useful in a browser:
 * <ul>
 *   <li>{@code Strings.<clinit>} falls back to {@code String.format("%n")} for its line separator,
 *       which links java.util.Formatter and with it DecimalFormat. The call becomes the constant
 *       "\n", which is what TeaVM's Formatter gives for "%n".</li>
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
                for (MethodHolder m : cls.getMethods()) {
                    if (m.getProgram() != null) replaceStringFormatWithNewline(m.getProgram());
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

    private static final MethodReference STRING_FORMAT =
            new MethodReference(String.class, "format", String.class, Object[].class, String.class);

    private static void replaceStringFormatWithNewline(Program program) {
        List<InvokeInstruction> calls = new ArrayList<>();
        for (BasicBlock block : program.getBasicBlocks()) {
            for (Instruction insn : block) {
                if (insn instanceof InvokeInstruction && STRING_FORMAT.equals(((InvokeInstruction) insn).getMethod())) {
                    calls.add((InvokeInstruction) insn);
                }
            }
        }
        for (InvokeInstruction call : calls) {
            StringConstantInstruction newline = new StringConstantInstruction();
            newline.setConstant("\n");
            newline.setReceiver(call.getReceiver());
            newline.setLocation(call.getLocation());
            call.replace(newline);
        }
    }

    /** 1 January {@code year}, 00:00:00 UTC, as GregorianCalendar gives it for years after 1582. */
    public static Date startOfYearUtc(int year) {
        long y = year - 1L; // whole years before this one
        long days = 365 * y + Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400) - 719162; // 719162 = days from 0001-01-01 to 1970-01-01
        return new Date(days * 86_400_000L);
    }
}

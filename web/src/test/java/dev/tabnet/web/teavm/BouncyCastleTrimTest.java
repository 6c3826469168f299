package dev.tabnet.web.teavm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class BouncyCastleTrimTest {
    /** The replacement must give what BouncyCastle's Calendar-based startOfYear gives on the JVM. */
    @Test
    void startOfYearMatchesTheJdkGregorianCalendar() {
        for (int year = 1583; year <= 3000; year++) {
            Calendar c = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            c.clear();
            c.set(year, Calendar.JANUARY, 1);
            assertEquals(c.getTime(), BouncyCastleTrim.startOfYearUtc(year), "year " + year);
        }
    }
}

package dev.verifiedproxy.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/** Copies of immutable records with one component changed, for negative tests on real data. */
public final class Records {

    private Records() {
    }

    /**
     * {@code record} with {@code component} set to {@code value}, built through the canonical
     * constructor (so the record's own validation still runs).
     */
    public static <R extends Record> R with(R record, String component, Object value) {
        RecordComponent[] parts = record.getClass().getRecordComponents();
        if (Arrays.stream(parts).noneMatch(p -> p.getName().equals(component))) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
        }
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                values[i] = parts[i].getName().equals(component) ? value : parts[i].getAccessor().invoke(record);
            }
            @SuppressWarnings("unchecked")
            R copy = (R) record.getClass().getDeclaredConstructor(types).newInstance(values);
            return copy;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

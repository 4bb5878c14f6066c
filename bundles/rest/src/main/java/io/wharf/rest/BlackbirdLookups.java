package io.wharf.rest;

import com.fasterxml.jackson.module.blackbird.deser.ObjBooleanConsumer;
import com.fasterxml.jackson.module.blackbird.ser.ToBooleanFunction;
import java.lang.invoke.MethodHandles;
import java.util.List;
import java.util.function.Function;

/**
 * Which types Blackbird may give generated accessors. Blackbird spins one lambda per property inside the type's
 * own package, and some of those lambdas implement Blackbird's interfaces: a bundle that does not import them
 * would fail the answer with a NoClassDefFoundError. Such types (and the JDK's) stay on Jackson's reflection; the
 * bundles that serve wire records import the interfaces (bundles/wire-types.bnd). Reflection is what costs: on a
 * JDK whose reflection runs through method handles, C1 alone (wharfd's JIT) calls them slowly.
 */
final class BlackbirdLookups implements Function<Class<?>, MethodHandles.Lookup> {
    private static final List<Class<?>> INTERFACES = List.of(ToBooleanFunction.class, ObjBooleanConsumer.class);

    /** Blackbird's grant then turns this lookup into one inside {@code type}'s package. */
    @Override
    public MethodHandles.Lookup apply(Class<?> type) {
        return reaches(type) ? MethodHandles.lookup() : null;
    }

    /** Whether code generated in {@code type}'s package may implement Blackbird's interfaces. */
    static boolean reaches(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        if (loader == null) {
            return false;
        }
        for (Class<?> wanted : INTERFACES) {
            try {
                if (Class.forName(wanted.getName(), false, loader) != wanted) {
                    return false;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
        return true;
    }
}

/*
 * Compile-time stub for the CellDetect QuPath extension; never packaged or run. Mirrors
 * qupath-core/src/main/java/qupath/lib/plugins/parameters/ParameterList.java
 * at qupath/qupath tag v0.5.1: only the members the extension uses, with their exact signatures (the real class implements Serializable).
 * Bodies throw: the real class comes from QuPath at run time.
 */
package qupath.lib.plugins.parameters;

import java.util.List;

public class ParameterList {
    public ParameterList() {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public ParameterList addBooleanParameter(String key, String prompt, boolean defaultValue, String helpText) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public ParameterList addStringParameter(String key, String prompt, String defaultValue, String helpText) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public <S> ParameterList addChoiceParameter(String key, String prompt, S defaultValue, List<S> choices, String helpText) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public Boolean getBooleanParameterValue(String key) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public String getStringParameterValue(String key) {
        throw new UnsupportedOperationException("compile-time stub");
    }

    public Object getChoiceParameterValue(String key) {
        throw new UnsupportedOperationException("compile-time stub");
    }
}

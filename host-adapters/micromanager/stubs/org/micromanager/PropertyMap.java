/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * mmstudio/src/main/java/org/micromanager/PropertyMap.java
 * at micro-manager/micro-manager tag v2.0.0 (Micro-Manager 2.0.0, mmstudio): only the members the plugins use, with their exact signatures (the real Builder also extends the deprecated PropertyMapBuilder).
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.micromanager;

public interface PropertyMap {
   interface Builder {
      Builder putInteger(String key, Integer value);

      Builder putDouble(String key, Double value);

      Builder putDoubleList(String key, double... values);

      Builder putString(String key, String value);

      Builder remove(String key);

      PropertyMap build();
   }

   Builder copyBuilder();

   String getString(String key, String aDefault);
}

/*
 * Compile-time stub for the CellDetect Micro-Manager plugins; never packaged or run by them. Mirrors
 * mmstudio/src/main/java/org/micromanager/MMPlugin.java
 * at micro-manager/micro-manager tag v2.0.0 (Micro-Manager 2.0.0, mmstudio): only the members the plugins use, with their exact signatures (all of them: plugins implement it).
 * Bodies throw: the real class comes from Micro-Manager at run time.
 */
package org.micromanager;

public interface MMPlugin extends MMGenericPlugin {
   public void setContext(Studio studio);

   public String getName();

   public String getHelpText();

   public String getVersion();

   public String getCopyright();
}

package org.celldetect.imagej;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import java.awt.AWTException;
import java.awt.Button;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

/**
 * The plugin in ImageJ's GUI under Xvfb, as a user runs it: test.sh starts {@code ij.ImageJ -eval
 * 'call("org.celldetect.imagej.MenuTest.run");'} with the plugin jar in the plugins folder. Picks
 * Plugins &gt; Cell Detection &gt; Detect Cells... from the menu bar, fills in and photographs the
 * dialog, presses OK, checks the result against the command line and photographs it, and checks
 * what the macro recorder wrote. Screenshots go to the folder in -Dcelldetect.test.screenshots
 * (docs/images). Prints "N passed, N failed" and exits ImageJ.
 */
public final class MenuTest {
    static final String DIALOG_SCREENSHOT = "imagej-dialog.png";
    static final String RESULT_SCREENSHOT = "imagej-result.png";
    private static final String HE = "he-colon-crchisto-img14";
    private static final long TIMEOUT_MILLIS = 120000;
    /** What the recorder writes for the dialog as the test fills it in. */
    private static final String RECORDED = "run(\"Detect Cells...\", \"model=he-nuclei threshold=auto stride=auto pixel_size=auto cell_diameter=auto\");";

    private MenuTest() {
    }

    /** Called by the -eval macro once ImageJ is up; never returns (exits ImageJ with 0 when all passed). */
    public static String run() {
        TestReport report = new TestReport();
        final ImagePlus image = IJ.openImage(Fixtures.image("he", HE + ".tif").getPath());
        final GenericDialog[] dialog = new GenericDialog[1];
        boolean ready = report.check("MenuTest.settingsCommandSetsThePipeAndProgram", new TestReport.Check() {
            @Override
            public void run() throws Exception {
                IJ.run(CellDetectSettings.TITLE + "...", "program=[" + Fixtures.program() + "] pipe=[" + Fixtures.pipe() + "]");
                Expect.equal(Fixtures.pipe(), Prefs.get(CellDetectSettings.PIPE_PREF, null), "pipe preference");
                Expect.equal(Fixtures.program(), Prefs.get(CellDetectSettings.PROGRAM_PREF, null), "program preference");
                arrangeWindows(image);
            }
        });
        ready = ready && report.check("MenuTest.menuItemOpensTheDialogBuiltFromPluginJson", new TestReport.Check() {
            @Override
            public void run() throws Exception {
                final MenuItem item = menuItem("Plugins", "Cell Detection", DetectCells.COMMAND);
                onEventThread(new Callable<Void>() {
                    @Override
                    public Void call() {
                        item.dispatchEvent(new ActionEvent(item, ActionEvent.ACTION_PERFORMED, item.getActionCommand()));
                        return null;
                    }
                });
                dialog[0] = await("the Detect Cells dialog", new Callable<GenericDialog>() {
                    @Override
                    public GenericDialog call() {
                        for (Window window : Window.getWindows()) {
                            if (window instanceof GenericDialog && window.isShowing() && DetectCells.TITLE.equals(((GenericDialog) window).getTitle())) {
                                return (GenericDialog) window;
                            }
                        }
                        return null;
                    }
                });
                Choice model = (Choice) dialog[0].getChoices().get(0);
                Expect.equal(Arrays.asList("auto", "fluorescence-nuclei", "he-nuclei"), items(model), "model choices: auto, then models.list");
                Expect.equal(Arrays.asList("auto", "auto", "auto", "auto"), texts(dialog[0].getStringFields()), "threshold, stride, pixel size, cell diameter start at auto");
            }
        });
        ready = ready && report.check("MenuTest.dialogScreenshot", new TestReport.Check() {
            @Override
            public void run() throws Exception {
                final Choice model = (Choice) dialog[0].getChoices().get(0);
                onEventThread(new Callable<Void>() {
                    @Override
                    public Void call() {
                        model.select("he-nuclei");
                        return null;
                    }
                });
                screenshot(DIALOG_SCREENSHOT, dialog[0]);
            }
        });
        ready = ready && report.check("MenuTest.okDetectsAndMatchesTheCommandLine", new TestReport.Check() {
            @Override
            public void run() throws Exception {
                final Button ok = dialog[0].getButtons()[0];
                onEventThread(new Callable<Void>() {
                    @Override
                    public Void call() {
                        ok.dispatchEvent(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok.getLabel()));
                        return null;
                    }
                });
                await("the recorded command (Detect Cells has finished)", new Callable<Boolean>() {
                    @Override
                    public Boolean call() {
                        return Recorder.getInstance().getText().contains(DetectCells.COMMAND) ? Boolean.TRUE : null;
                    }
                });
                Fixtures.expectCommandLineResult(image, "he", HE);
                Expect.isTrue(ImageJ.getStatusBarText().matches("CellDetect: \\d+ cells .*"), "status: " + ImageJ.getStatusBarText());
            }
        });
        ready = ready && report.check("MenuTest.theRecorderWritesTheMacroCall", new TestReport.Check() {
            @Override
            public void run() {
                String recorded = Recorder.getInstance().getText();
                Expect.isTrue(recorded.contains(RECORDED), "the recorder should hold " + RECORDED + ", holds:\n" + recorded);
            }
        });
        if (ready) {
            report.check("MenuTest.resultScreenshot", new TestReport.Check() {
                @Override
                public void run() throws Exception {
                    placeResults();
                    screenshot(RESULT_SCREENSHOT, image.getWindow(), Recorder.getInstance(), WindowManager.getWindow("Results"));
                }
            });
        }
        System.exit(report.finish() == 0 ? 0 : 1);
        return null;
    }

    /** ImageJ's bar at the top left, the image under it, the macro recorder beside it; no window manager places them under Xvfb. */
    private static void arrangeWindows(final ImagePlus image) throws Exception {
        IJ.run("Record...");
        image.show();
        await("the image window", new Callable<Boolean>() {
            @Override
            public Boolean call() {
                return image.getWindow() != null && image.getWindow().isShowing() && Recorder.getInstance() != null ? Boolean.TRUE : null;
            }
        });
        onEventThread(new Callable<Void>() {
            @Override
            public Void call() {
                ImageJ bar = IJ.getInstance();
                bar.setLocation(0, 0);
                image.getWindow().setLocation(0, bar.getHeight());
                Recorder.getInstance().setBounds(image.getWindow().getWidth() + 10, bar.getHeight(), 620, 160);
                return null;
            }
        });
    }

    /** Once the Results window exists: beside the image, under the recorder. */
    private static void placeResults() throws Exception {
        onEventThread(new Callable<Void>() {
            @Override
            public Void call() {
                Window results = WindowManager.getWindow("Results");
                Rectangle recorder = Recorder.getInstance().getBounds();
                results.setBounds(recorder.x, recorder.y + recorder.height + 10, 420, 380);
                return null;
            }
        });
    }

    private static MenuItem menuItem(String... path) {
        MenuBar bar = Menus.getMenuBar();
        Menu menu = null;
        for (int i = 0; i < bar.getMenuCount() && menu == null; i++) {
            if (bar.getMenu(i).getLabel().equals(path[0])) {
                menu = bar.getMenu(i);
            }
        }
        Expect.isTrue(menu != null, "no menu " + path[0]);
        MenuItem item = menu;
        for (String label : Arrays.asList(path).subList(1, path.length)) {
            Menu parent = (Menu) item;
            item = null;
            for (int i = 0; i < parent.getItemCount(); i++) {
                if (label.equals(parent.getItem(i).getLabel())) {
                    item = parent.getItem(i);
                }
            }
            Expect.isTrue(item != null, "no item " + label + " in " + parent.getLabel() + ": " + labels(parent));
        }
        return item;
    }

    private static List<String> labels(Menu menu) {
        List<String> labels = new ArrayList<String>();
        for (int i = 0; i < menu.getItemCount(); i++) {
            labels.add(menu.getItem(i).getLabel());
        }
        return labels;
    }

    private static List<String> items(Choice choice) {
        List<String> items = new ArrayList<String>();
        for (int i = 0; i < choice.getItemCount(); i++) {
            items.add(choice.getItem(i));
        }
        return items;
    }

    private static List<String> texts(Vector<?> fields) {
        List<String> texts = new ArrayList<String>();
        for (Object field : fields) {
            texts.add(((TextField) field).getText());
        }
        return texts;
    }

    /** Photographs the part of the (virtual) screen the windows cover, once they have been placed and painted. */
    private static void screenshot(String name, Window... windows) throws AWTException, IOException, InterruptedException {
        Robot robot = new Robot();
        robot.waitForIdle();
        Thread.sleep(700);
        Rectangle bounds = windows[0].getBounds();
        for (Window window : windows) {
            bounds = bounds.union(window.getBounds());
        }
        File folder = new File(System.getProperty("celldetect.test.screenshots"));
        Expect.isTrue(folder.isDirectory() || folder.mkdirs(), "cannot create " + folder);
        File file = new File(folder, name);
        Expect.isTrue(ImageIO.write(robot.createScreenCapture(bounds), "png", file), "no PNG writer");
        System.out.println("screenshot " + file + " (" + bounds.width + " x " + bounds.height + ")");
    }

    private static <T> T onEventThread(Callable<T> action) throws Exception {
        final Object[] result = new Object[1];
        final Exception[] failure = new Exception[1];
        EventQueue.invokeAndWait(new Runnable() {
            @Override
            public void run() {
                try {
                    result[0] = action.call();
                } catch (Exception e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        @SuppressWarnings("unchecked")
        T typed = (T) result[0];
        return typed;
    }

    /** Polls until {@code probe} gives non-null; fails after two minutes. */
    private static <T> T await(String what, Callable<T> probe) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + TIMEOUT_MILLIS / 1000 + " s for " + what);
    }
}

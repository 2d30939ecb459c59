package org.celldetect.client;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** manifests/plugin.json as adapters read it, DetectionParameters built from it, and the helpers that feed them. */
public final class PluginManifestTest {
    private PluginManifestTest() {
    }

    private static PluginManifest manifest() throws IOException {
        return PluginManifest.read(new FileInputStream(new File(TestFiles.manifests(), "plugin.json")));
    }

    private static PluginCommand detectCells() throws IOException {
        return manifest().command("detect-cells");
    }

    public static void testTheManifestDescribesTheServiceAndTheDetectCommand() throws Throwable {
        PluginManifest manifest = manifest();
        Check.equal("CellDetect", manifest.name(), "name");
        Check.equal("celldetect", manifest.defaultPipe(), "default pipe");
        PluginCommand command = manifest.command("detect-cells");
        Check.equal("detect", command.method(), "method");
        Check.equal(Arrays.asList("model", "threshold", "stride", "pixelSizeMicrons", "cellDiameterPixels", "testTimeAugmentation"), names(command.parameters()), "parameters in dialog order");
        PluginParameter stride = command.parameter("stride");
        Check.equal(PluginParameter.Type.INTEGER, stride.type(), "stride's type");
        Check.equal("1 to 64 px", stride.range(), "stride's range");
        Check.equal("0 to 1", command.parameter("threshold").range(), "threshold's range");
        Check.equal("over 0 \u00b5m", command.parameter("pixelSizeMicrons").range(), "pixel size's range");
        Check.equal("", command.parameter("model").range(), "a string has no range");
        Check.isTrue(command.parameter("model").hasChoices() && !stride.hasChoices(), "only the model offers choices");
        Check.equal("auto", stride.defaultText(), "stride's default");
        Check.equal("the model's stride", stride.whenAuto(), "what auto means");
    }

    public static void testAnUnknownCommandIsNamed() throws Throwable {
        IllegalArgumentException thrown = Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() throws Exception {
                manifest().command("count-cells");
            }
        }, "unknown command");
        Check.isTrue(thrown.getMessage().contains("count-cells"), thrown.getMessage());
    }

    public static void testAManifestNotFollowingTheSchemaFailsAtOnce() {
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                PluginManifest.parse("{\"name\": \"x\", \"commands\": 3}");
            }
        }, "commands not a list");
    }

    public static void testParametersParseAutoAndValuesInTheirRange() throws Throwable {
        PluginCommand command = detectCells();
        Check.equal(null, command.parameter("threshold").parse("auto"), "auto");
        Check.equal(null, command.parameter("threshold").parse(" AUTO "), "auto in any case");
        Check.equal(null, command.parameter("threshold").parse(""), "empty is auto");
        Check.equal(0.3, command.parameter("threshold").parse("0.3"), "a number");
        Check.equal(1.0, command.parameter("threshold").parse("1"), "the maximum is allowed");
        Check.equal(8, command.parameter("stride").parse("8"), "a whole number");
        Check.equal("he-nuclei", command.parameter("model").parse(" he-nuclei "), "a string, trimmed");
        Check.equal(0.25, command.parameter("pixelSizeMicrons").parse("0.25"), "pixel size");
    }

    public static void testWrongValuesNameTheLabelTheRangeAndTheText() throws Throwable {
        final PluginCommand command = detectCells();
        String[][] cases = {
            {"threshold", "1.5", "Threshold: expected a number (0 to 1), or auto; got '1.5'"},
            {"threshold", "abc", "Threshold: expected a number (0 to 1), or auto; got 'abc'"},
            {"threshold", "NaN", "Threshold: expected a number (0 to 1), or auto; got 'NaN'"},
            {"stride", "2.5", "Stride: expected a whole number (1 to 64 px), or auto; got '2.5'"},
            {"stride", "0", "Stride: expected a whole number (1 to 64 px), or auto; got '0'"},
            {"pixelSizeMicrons", "0", "Pixel size: expected a number (over 0 \u00b5m), or auto; got '0'"},
        };
        for (final String[] wrong : cases) {
            IllegalArgumentException thrown = Check.throwsA(IllegalArgumentException.class, new Check.Action() {
                @Override
                public void run() {
                    command.parameter(wrong[0]).parse(wrong[1]);
                }
            }, wrong[0] + "=" + wrong[1]);
            Check.equal(wrong[2], thrown.getMessage(), "message");
        }
    }

    public static void testDetectionParametersStartAtTheDefaultsAndLeaveAutoOut() throws Throwable {
        DetectionParameters parameters = new DetectionParameters(detectCells());
        Check.equal("auto", parameters.text("threshold"), "default");
        Check.equal(0, parameters.toOptions(null).toParams().size(), "all auto: nothing is sent");
        parameters.set("model", "he-nuclei").set("threshold", "0.4").set("stride", "2").set("pixelSizeMicrons", "0.5").set("cellDiameterPixels", "12.5")
                .set("testTimeAugmentation", "true");
        Check.equal("{\"model\":\"he-nuclei\",\"threshold\":0.4,\"stride\":2,\"pixelSizeMicrons\":0.5,\"cellDiameterPixels\":12.5,\"testTimeAugmentation\":true}",
                Json.write(parameters.toOptions(0.25).toParams()), "every value set; a typed pixel size wins over the calibration");
        Check.equal("2", parameters.text("stride"), "text of a value");
    }

    public static void testAnAutoPixelSizeIsTheCalibrationsWhenThereIsOne() throws Throwable {
        DetectionParameters parameters = new DetectionParameters(detectCells());
        Check.equal("{\"pixelSizeMicrons\":0.25}", Json.write(parameters.toOptions(0.25).toParams()), "calibrated");
        Check.equal("{}", Json.write(parameters.toOptions(null).toParams()), "uncalibrated");
    }

    public static void testDetectionParametersRefuseWrongValuesAndUnknownNames() throws Throwable {
        final DetectionParameters parameters = new DetectionParameters(detectCells());
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                parameters.set("stride", "100");
            }
        }, "stride out of range");
        Check.equal("auto", parameters.text("stride"), "a refused value leaves the old one");
        Check.throwsA(IllegalArgumentException.class, new Check.Action() {
            @Override
            public void run() {
                parameters.set("tileSize", "3");
            }
        }, "unknown parameter");
    }

    public static void testAParameterThisClientCannotSendIsAnErrorNotSilence() {
        String json = "{\"commands\": [{\"id\": \"detect-cells\", \"method\": \"detect\", \"parameters\": ["
                + "{\"name\": \"tileSize\", \"label\": \"Tile size\", \"type\": \"integer\", \"default\": 256, \"help\": \"x\"}]}]}";
        final DetectionParameters parameters = new DetectionParameters(PluginManifest.parse(json).command("detect-cells"));
        IllegalStateException thrown = Check.throwsA(IllegalStateException.class, new Check.Action() {
            @Override
            public void run() {
                parameters.toOptions(null);
            }
        }, "unknown detect parameter");
        Check.isTrue(thrown.getMessage().contains("tileSize"), thrown.getMessage());
    }

    public static void testChoicesComeFromTheMethodPluginJsonNames() throws Throwable {
        File socket = ReplayServer.freshSocket();
        ReplayServer server = new ReplayServer(socket, TestFiles.example("models-list"), null);
        try {
            CellDetectClient client = CellDetectClient.connect(socket.getPath(), "test");
            List<String> choices = detectCells().parameter("model").choices(client);
            client.close();
            server.finish();
            Check.equal(Arrays.asList("auto", "fluorescence-nuclei", "he-nuclei", "lymphocytes-40x"), choices, "auto, then every model's name");
        } finally {
            server.close();
        }
    }

    public static void testCalibrationUnitsBecomeMicrons() {
        Check.equal(0.5, CalibrationUnits.toMicrons(0.5, "\u00b5m"), "micro sign");
        Check.equal(0.5, CalibrationUnits.toMicrons(0.5, "\u03bcm"), "Greek mu");
        Check.equal(0.5, CalibrationUnits.toMicrons(0.5, "um"), "um");
        Check.equal(0.5, CalibrationUnits.toMicrons(0.5, "Micron"), "micron");
        Check.equal(0.5, CalibrationUnits.toMicrons(0.5, "microns"), "microns");
        Check.equal(0.5, CalibrationUnits.toMicrons(500, "nm"), "nanometres");
        Check.equal(0.5, CalibrationUnits.toMicrons(0.0005, "mm"), "millimetres");
        Check.equal(null, CalibrationUnits.toMicrons(1, "pixel"), "ImageJ's uncalibrated unit");
        Check.equal(null, CalibrationUnits.toMicrons(1, "inch"), "an unknown unit");
        Check.equal(null, CalibrationUnits.toMicrons(0, "\u00b5m"), "no size");
        Check.equal(null, CalibrationUnits.toMicrons(1, null), "no unit");
    }

    public static void testTheProgramIsTheConfiguredOneElseHomeElsePath() throws Throwable {
        File home = File.createTempFile("celldetect-home", "");
        Check.isTrue(home.delete() && home.mkdir(), "temporary folder");
        File bin = new File(home, "bin");
        Check.isTrue(bin.mkdir(), "bin folder");
        File inHome = executable(new File(home, "celldetect"));
        File onPath = executable(new File(bin, "celldetect"));
        Map<String, String> environment = new HashMap<String, String>();
        environment.put("PATH", "/nonexistent:" + bin.getPath());
        Check.equal(new File("/opt/celldetect/celldetect"), CellDetectProgram.find(" /opt/celldetect/celldetect ", environment, false), "configured");
        Check.equal(onPath, CellDetectProgram.find("", environment, false), "on the PATH");
        environment.put(CellDetectProgram.HOME_VARIABLE, home.getPath());
        Check.equal(inHome, CellDetectProgram.find(null, environment, false), "CELLDETECT_HOME before the PATH");
        environment.put(CellDetectProgram.HOME_VARIABLE, bin.getPath() + "/missing");
        Check.equal(onPath, CellDetectProgram.find(null, environment, false), "a CELLDETECT_HOME without the program is passed over");
        environment.put("PATH", "/nonexistent");
        Check.equal(null, CellDetectProgram.find(null, environment, false), "nowhere");
        Check.isTrue(onPath.delete() && inHome.delete() && bin.delete() && home.delete(), "clean up");
    }

    private static File executable(File file) throws IOException {
        Check.isTrue(file.createNewFile() && file.setExecutable(true), "cannot create " + file);
        return file;
    }

    private static List<String> names(List<PluginParameter> parameters) {
        String[] names = new String[parameters.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = parameters.get(i).name();
        }
        return Arrays.asList(names);
    }
}

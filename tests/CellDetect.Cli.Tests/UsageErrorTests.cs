using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

/// <summary>
/// Wrong command lines: one line on stderr naming the option, exit code 2, nothing on stdout (no help dump), and no
/// work done (the paths below do not exist; the command would fail on them with exit code 1 if it got that far).
/// </summary>
public sealed class UsageErrorTests
{
    private const string Missing = "/nonexistent/celldetect-test";

    private static readonly string[] Detect = { "detect", Missing + ".tif" };
    private static readonly string[] Train = { "train", "--images", Missing, "--out", Missing + ".cdmodel" };
    private static readonly string[] Evaluate = { "evaluate", "--truth", Missing, "--detections", Missing };
    private static readonly string[] Calibrate = { "calibrate", "--model", Missing + ".cdmodel", "--images", Missing };
    private static readonly string[] Split = { "split", "--images", Missing, "--out", Missing };
    private static readonly string[] Baseline = { "baseline-log", "--train", Missing, "--images", Missing, "--out", Missing };
    private static readonly string[] Bench = { "bench" };
    private static readonly string[] Serve = { "serve" };

    public static TheoryData<string[], string, string> BadValues()
    {
        var data = new TheoryData<string[], string, string>();
        void Add(string[] command, string option, params string[] values)
        {
            foreach (var value in values)
            {
                data.Add(command, option, value);
            }
        }
        Add(Detect, "--stride", "abc", "0", "65", "1.5", "NaN", "-4");
        Add(Detect, "--threshold", "abc", "-0.1", "1.5", "NaN", "Infinity", "-Infinity");
        Add(Detect, "--scale", "0", "8.5", "-1", "NaN", "Infinity");
        Add(Detect, "--peak-radius", "0", "abc");
        Add(Detect, "--device", "gpu");
        Add(Detect, "--precision", "half");
        Add(Detect, "--out", "");
        Add(Detect, "--model", "");
        Add(Detect, "--server", "");
        Add(Calibrate, "--stride", "0", "65", "abc");
        Add(Calibrate, "--peak-radii", "0,2", "a");
        Add(Calibrate, "--out", "");
        Add(Train, "--epochs", "0", "abc", "1e3");
        Add(Train, "--patience", "0");
        Add(Train, "--crops-per-step", "0");
        Add(Train, "--steps-per-epoch", "0");
        Add(Train, "--lr", "0", "-1", "NaN", "Infinity", "abc");
        Add(Train, "--threads", "0", "1025", "abc");
        Add(Train, "--val-fraction", "1", "-0.1", "NaN");
        Add(Train, "--optimizer", "rmsprop");
        Add(Train, "--head", "cnn");
        Add(Train, "--channels", "rgba");
        Add(Train, "--weights", "int8");
        Add(Train, "--time-limit-minutes", "0", "Infinity");
        Add(Train, "--seed", "abc");
        Add(["train", "--images", Missing], "--out", "");
        Add(Train, "--name", "");
        Add(Evaluate, "--radius", "0", "-1", "NaN");
        Add(Evaluate, "--rule", "nearest");
        Add(Split, "--val-fraction", "1");
        Add(Split, "--link", "soft");
        Add(Baseline, "--sigmas", "0,2", "abc", "NaN");
        Add(Baseline, "--polarity", "sideways");
        Add(Baseline, "--radius", "0");
        Add(Bench, "--repeats", "0");
        Add(Bench, "--large-sizes", "-1", "abc");
        Add(Serve, "--max-payload", "0", "-1", "abc", "1.5", "1e9");
        Add(Serve, "--device", "gpu");
        Add(Serve, "--precision", "half");
        Add(Serve, "--pipe", "");
        Add(Serve, "--models", "");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueIsOneLineNamingTheOptionAndExitCodeTwo(string[] command, string option, string value)
    {
        var (code, output, error) = Run([.. command, option, value]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"celldetect {command[0]}: {option}: expected ", line);
        Assert.EndsWith($", got '{value}'", line.TrimEnd());
    }

    [Theory]
    [InlineData("celldetect detect: unknown option '--strid' (see celldetect detect --help)", "detect", "/nonexistent.tif", "--strid", "4")]
    [InlineData("celldetect detect: unknown option '--strid' (see celldetect detect --help)", "detect", "--strid", "4", "/nonexistent.tif")]
    [InlineData("celldetect detect: missing IMAGE|DIR (see celldetect detect --help)", "detect")]
    [InlineData("celldetect detect: unexpected argument(s) 'b.tif' (see celldetect detect --help)", "detect", "a.tif", "b.tif")]
    [InlineData("celldetect train: Option '--out' is required.", "train", "--images", "x")]
    [InlineData("celldetect: unknown command 'detekt'; the commands are baseline-log, bench, calibrate, crossval, detect, evaluate, info, serve, split, train", "detekt", "a.tif")]
    [InlineData("celldetect: unknown option '--bogus' (see celldetect --help)", "--bogus")]
    public void UnknownAndMissingArgumentsAreOneLine(string expected, params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(expected, error.TrimEnd());
    }

    [Fact]
    public void AMissingImageExitsWithOne()
    {
        var (code, output, error) = Run("detect", Missing + ".tif");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"celldetect detect: No image or folder at '{Missing}.tif'.", error.TrimEnd());
    }

    [Fact]
    public void ChoicesIgnoreCaseAndOptionsTakeEqualsSigns()
    {
        // Both parse; the run then fails on the missing folders (exit 1), which shows the values were accepted.
        Assert.Equal(1, Run([.. Evaluate, "--rule", "PAPER"]).Code);
        Assert.Equal(1, Run([.. Evaluate, "--radius=2.5"]).Code);
    }
}

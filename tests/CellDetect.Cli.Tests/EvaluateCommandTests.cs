using System.Diagnostics;
using System.Text.Json;
using CellDetect.Core.Detection;
using CellDetect.Imaging.Annotations;
using static CellDetect.Cli.Tests.CliHarness;

namespace CellDetect.Cli.Tests;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string root = TemporaryDirectory("evaluate");

    public void Dispose() => DeleteTemporaryDirectory(root);

    private string Dir(string name)
    {
        var path = Path.Combine(root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>a: 2 truths, one found (3 px off) plus one spurious; b: 1 truth, no detections file; c: detections only.</summary>
    private (string Truth, string Detections) SmallFixture()
    {
        var truth = Dir("truth");
        var detections = Dir("detections");
        PointsCsv.Write(Path.Combine(truth, "a.csv"), new[] { new CellPoint(10, 10), new CellPoint(50, 50) });
        PointsCsv.Write(Path.Combine(truth, "b.csv"), new[] { new CellPoint(5, 5) });
        PointsCsv.Write(Path.Combine(detections, "a.csv"), new[] { new CellPoint(13, 10, 0.9), new CellPoint(100, 100, 0.4) });
        PointsCsv.Write(Path.Combine(detections, "c.csv"), new[] { new CellPoint(1, 1, 0.5) });
        return (truth, detections);
    }

    [Fact]
    public void Json_reports_totals_images_Ed_and_En()
    {
        var (truth, detections) = SmallFixture();
        var (code, output, error) = Run("evaluate", "--truth", truth, "--detections", detections, "--json");
        Assert.True(code == 0, error);
        var json = Json(output);
        Assert.Equal(1, json.GetProperty("tp").GetInt32());
        Assert.Equal(1, json.GetProperty("fp").GetInt32());
        Assert.Equal(2, json.GetProperty("fn").GetInt32());
        Assert.Equal(0.5, json.GetProperty("precision").GetDouble());
        Assert.Equal(1.0 / 3, json.GetProperty("recall").GetDouble(), 12);
        Assert.Equal(0.4, json.GetProperty("f1").GetDouble(), 12);
        Assert.Equal("strict", json.GetProperty("rule").GetString());
        Assert.Equal(5.0, json.GetProperty("radius").GetDouble());
        Assert.Equal(3.0, json.GetProperty("ed").GetProperty("mean").GetDouble());
        Assert.Equal(1.0, json.GetProperty("en").GetProperty("mean").GetDouble()); // |1-2| and |0-1|
        var images = json.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(new[] { "a", "b" }, images.Select(i => i.GetProperty("name").GetString()));
        Assert.False(images[1].GetProperty("detections_file").GetBoolean());
        Assert.Equal(1, images[1].GetProperty("fn").GetInt32());
        Assert.Equal(JsonValueKind.Null, images[1].GetProperty("ed").GetProperty("mean").ValueKind);
        Assert.Equal(new[] { "c.csv" }, json.GetProperty("ignored_detection_files").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Text_output_has_a_table_and_totals()
    {
        var (truth, detections) = SmallFixture();
        var (code, output, error) = Run("evaluate", "--truth", truth, "--detections", detections, "--radius", "2", "--rule", "paper");
        Assert.True(code == 0, error);
        Assert.Contains("rule: paper, radius: 2 px", output);
        Assert.Contains("no detections file", output);
        Assert.Contains("Ed (px, over 0 true positives)", output); // 3 px > radius 2
        Assert.Contains("precision 0.0000  recall 0.0000  F1 0.0000", output);
        Assert.Contains("ignored: c", output);
    }

    [Fact]
    public void Pr_curve_writes_csv_and_png()
    {
        var (truth, detections) = SmallFixture();
        var prefix = Path.Combine(Dir("out"), "pr");
        var (code, output, error) = Run("evaluate", "--truth", truth, "--detections", detections, "--pr-curve", prefix, "--json");
        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(prefix + ".csv");
        Assert.Equal("threshold,precision,recall,f1,tp,fp,fn", lines[0]);
        Assert.Equal(new[] { "0.9,1,0.333333,0.5,1,0,2", "0.4,0.5,0.333333,0.4,1,1,2" }, lines.Skip(1));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(prefix + ".png").Take(4));
        var curve = Json(output).GetProperty("pr_curve");
        Assert.Equal(0.9, curve.GetProperty("best_threshold").GetDouble());
        Assert.Equal(0.5, curve.GetProperty("best_f1").GetDouble());
    }

    [Theory]
    [InlineData(2, "--rule", "nearest")]
    [InlineData(2, "--radius", "-1")]
    [InlineData(2, "--colour", "red")]
    public void Bad_options_are_usage_errors(int expected, string option, string value)
    {
        var (truth, detections) = SmallFixture();
        var (code, _, error) = Run("evaluate", "--truth", truth, "--detections", detections, option, value);
        Assert.Equal(expected, code);
        Assert.StartsWith("celldetect evaluate:", error);
    }

    [Fact]
    public void Missing_directories_and_malformed_files_are_reported()
    {
        var (truth, detections) = SmallFixture();
        var missing = Run("evaluate", "--truth", Path.Combine(root, "nope"), "--detections", detections);
        Assert.Equal(1, missing.Code);
        Assert.Contains("nope", missing.Error);
        File.WriteAllText(Path.Combine(detections, "a.csv"), "x,y\n1,oops\n");
        var malformed = Run("evaluate", "--truth", truth, "--detections", detections);
        Assert.Equal(1, malformed.Code);
        Assert.Contains("a.csv:2", malformed.Error);
        Assert.Equal(2, Run("evaluate", "--detections", detections).Code);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-inf")]
    public void Non_finite_score_is_one_line_naming_the_file_and_line(string score)
    {
        var (truth, detections) = SmallFixture();
        var file = Path.Combine(detections, "a.csv");
        File.WriteAllText(file, $"x,y,score\n13,10,0.9\n100,100,{score}\n");
        var (code, _, error) = Run("evaluate", "--truth", truth, "--detections", detections);
        Assert.Equal(1, code);
        // The line before is the fixture's warning about c.csv, which has no truth file.
        Assert.Equal($"celldetect evaluate: {file}:3: column 'score' holds '{score}', not a finite number.", error.TrimEnd('\n').Split('\n')[^1]);
    }

    /// <summary>
    /// The C# evaluator against tests/reference/evaluate_reference.py (scipy's linear_sum_assignment and a plain loop)
    /// on the real crchisto annotations, perturbed: jitter up to 7 px, 10% dropped, 10% spurious points.
    /// Needs /usr/bin/python3 with python3-numpy and python3-scipy (Debian packages).
    /// </summary>
    [Theory]
    [InlineData("strict")]
    [InlineData("paper")]
    public async Task Agrees_with_the_independent_python_reference(string rule)
    {
        var source = SharedData("crchisto/train");
        var truth = Dir("truth");
        var detections = Dir("detections");
        var random = new Random(20150905);
        foreach (var file in Directory.GetFiles(source, "*.csv").OrderBy(f => f, StringComparer.Ordinal).Take(10))
        {
            var points = PointsCsv.Read(file);
            File.Copy(file, Path.Combine(truth, Path.GetFileName(file)));
            var perturbed = new List<CellPoint>();
            foreach (var p in points)
            {
                if (random.NextDouble() < 0.1)
                {
                    continue;
                }
                var angle = random.NextDouble() * 2 * Math.PI;
                var shift = random.NextDouble() * 7;
                perturbed.Add(new CellPoint(p.X + shift * Math.Cos(angle), p.Y + shift * Math.Sin(angle), random.NextDouble()));
            }
            for (int k = 0; k < points.Count / 10; k++)
            {
                perturbed.Add(new CellPoint(random.NextDouble() * 500, random.NextDouble() * 500, random.NextDouble()));
            }
            PointsCsv.Write(Path.Combine(detections, Path.GetFileName(file)), perturbed.OrderBy(_ => random.Next()).ToList());
        }

        var (code, output, error) = Run("evaluate", "--truth", truth, "--detections", detections, "--rule", rule, "--json");
        Assert.True(code == 0, error);
        var ours = Json(output);

        var script = Path.Combine(RepositoryRoot, "tests", "reference", "evaluate_reference.py");
        var start = new ProcessStartInfo(RequireFile("/usr/bin/python3", "python3 python3-numpy python3-scipy"))
        {
            ArgumentList = { script, "--truth", truth, "--detections", detections, "--rule", rule },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await stderrTask;
        Assert.True(process.ExitCode == 0, $"/usr/bin/python3 failed (apt-get install -y python3-numpy python3-scipy?):\n{stderr}");
        var reference = Json(stdout);

        foreach (var key in new[] { "tp", "fp", "fn" })
        {
            Assert.Equal(reference.GetProperty(key).GetInt32(), ours.GetProperty(key).GetInt32());
        }
        foreach (var key in new[] { "precision", "recall", "f1" })
        {
            Assert.Equal(reference.GetProperty(key).GetDouble(), ours.GetProperty(key).GetDouble(), 1e-3);
        }
        foreach (var key in new[] { "ed", "en" })
        {
            Assert.Equal(reference.GetProperty(key).GetProperty("count").GetInt32(), ours.GetProperty(key).GetProperty("count").GetInt32());
            Assert.Equal(reference.GetProperty(key).GetProperty("mean").GetDouble(), ours.GetProperty(key).GetProperty("mean").GetDouble(), 1e-3);
            Assert.Equal(reference.GetProperty(key).GetProperty("std").GetDouble(), ours.GetProperty(key).GetProperty("std").GetDouble(), 1e-3);
        }
        var ourImages = ours.GetProperty("images").EnumerateArray().ToList();
        var referenceImages = reference.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(10, ourImages.Count);
        Assert.Equal(referenceImages.Select(i => (i.GetProperty("name").GetString(), i.GetProperty("tp").GetInt32(), i.GetProperty("fp").GetInt32(), i.GetProperty("fn").GetInt32())),
            ourImages.Select(i => (i.GetProperty("name").GetString(), i.GetProperty("tp").GetInt32(), i.GetProperty("fp").GetInt32(), i.GetProperty("fn").GetInt32())));
        // The perturbation must leave something to disagree about.
        Assert.InRange(ours.GetProperty("f1").GetDouble(), 0.3, 0.95);
        if (rule == "paper")
        {
            Assert.True(ours.GetProperty("tp").GetInt32() >= Json(Run("evaluate", "--truth", truth, "--detections", detections, "--json").Output).GetProperty("tp").GetInt32());
        }
    }
}

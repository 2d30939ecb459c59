namespace CellDetect.Pipeline.Tests;

public sealed class DetectionFilesTests
{
    [Fact]
    public void ARoiSetIsPlannedAwayWithAWarningWhenTheImageIsTooWideForItsCoordinates()
    {
        var (kinds, warnings) = DetectionFiles.Plan(DetectionFileKinds.Default, 40_000, 1_000, readWhole: false);
        Assert.False(kinds.HasFlag(DetectionFileKinds.RoiSet));
        Assert.False(kinds.HasFlag(DetectionFileKinds.Overlay));
        Assert.True(kinds.HasFlag(DetectionFileKinds.Csv) && kinds.HasFlag(DetectionFileKinds.GeoJson));
        Assert.Contains(warnings, w => w.Contains("RoiSet") && w.Contains("32767"));
        var small = DetectionFiles.Plan(DetectionFileKinds.Default, 32_767, 32_767, readWhole: true);
        Assert.Equal(DetectionFileKinds.Default, small.Kinds);
        Assert.Empty(small.Warnings);
    }

    [Fact]
    public void PagesOfAStackGetTheirOwnStems()
    {
        Assert.Equal(Path.Combine("out", "stack.page2"), DetectionFiles.Stem("out", "/data/stack.tif", 2, 3));
        Assert.Equal(Path.Combine("out", "plain"), DetectionFiles.Stem("out", "/data/plain.tif", 0, 1));
    }
}

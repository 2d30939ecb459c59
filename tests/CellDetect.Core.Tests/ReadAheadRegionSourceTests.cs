using CellDetect.Core.Imaging;

namespace CellDetect.Core.Tests;

public sealed class ReadAheadRegionSourceTests
{
    [Fact]
    public void ServesExactlyTheRegionsOfTheSourceInAnyOrder()
    {
        var image = Ramp(97, 61, 2);
        var direct = new InMemoryRegionSource(image);
        var readAhead = new ReadAheadRegionSource(direct, 40);
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            var x = random.Next(image.Width);
            var y = random.Next(image.Height);
            var region = new PixelRegion(x, y, 1 + random.Next(image.Width - x), 1 + random.Next(image.Height - y));
            Assert.Equal(direct.ReadRegion(region).Pixels, readAhead.ReadRegion(region).Pixels);
        }
    }

    [Fact]
    public void OneReadServesTheWindowsOfSeveralTilesInARow()
    {
        var counting = new CountingSource(new InMemoryRegionSource(Ramp(300, 100, 1)));
        var readAhead = new ReadAheadRegionSource(counting, 160);
        for (int tile = 0; tile < 6; tile++)
        {
            var left = Math.Max(0, tile * 50 - 10);
            readAhead.ReadRegion(new PixelRegion(left, 0, Math.Min(300, tile * 50 + 60) - left, 70));
        }
        Assert.Equal(2, counting.Reads);
        Assert.Throws<ArgumentOutOfRangeException>(() => readAhead.ReadRegion(new PixelRegion(290, 0, 20, 10)));
    }

    private static PlanarImage Ramp(int width, int height, int channels) =>
        new(width, height, channels, Enumerable.Range(0, width * height * channels).Select(i => (float)i).ToArray(), SampleDescription.Float32);

    private sealed class CountingSource(IRegionSource inner) : IRegionSource
    {
        public int Reads { get; private set; }

        public int Width => inner.Width;

        public int Height => inner.Height;

        public int Channels => inner.Channels;

        public SampleDescription Sample => inner.Sample;

        public PixelSize? PixelSize => inner.PixelSize;

        public PlanarImage ReadRegion(PixelRegion region)
        {
            Reads++;
            return inner.ReadRegion(region);
        }
    }
}

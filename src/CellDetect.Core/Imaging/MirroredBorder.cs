namespace CellDetect.Core.Imaging;

/// <summary>
/// How every reader past an image's edge sees it: mirrored without repeating the edge pixel (…c b | a b c | b a…), the
/// same in training crops, scanning windows and filters.
/// </summary>
public static class MirroredBorder
{
    /// <summary>The pixel that <paramref name="position"/> (any integer) reads on an axis of <paramref name="extent"/> pixels.</summary>
    public static int Reflect(int position, int extent)
    {
        if (extent == 1)
        {
            return 0;
        }
        var period = 2 * (extent - 1);
        var p = ((position % period) + period) % period;
        return p < extent ? p : period - p;
    }
}

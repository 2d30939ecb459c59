namespace CellDetect.Core.Imaging;

/// <summary>Physical size of one pixel, in micrometres.</summary>
public readonly record struct PixelSize(double XMicrons, double YMicrons)
{
    public double Mean => (XMicrons + YMicrons) / 2;
}

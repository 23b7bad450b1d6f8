using System.Buffers;
using System.Globalization;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Training;

/// <summary>
/// Moves each training image by a whole number of pixels, horizontally and vertically, each drawn uniformly from
/// −<see cref="MaxShift"/> … +<see cref="MaxShift"/> (so (2s + 1)² shifts, the unshifted image among them); the pixels
/// moved in are 0, the background of MNIST and Fashion-MNIST, and those moved out are lost. Rows are images of
/// <see cref="Channels"/> planes of <see cref="Height"/> rows of <see cref="Width"/> pixels (planar, as ML.NET's
/// <c>ExtractPixels</c> writes them by default, and as the IDX readers give one plane), and every plane moves alike.
/// Simard et al. (2003) and Ciresan et al. (2010) trained plain MLPs on distorted MNIST images this way. With
/// <see cref="Mirror"/>, each image is also mirrored left to right with probability ½ before it is shifted: for
/// classes that look alike both ways round (clothes, as in Fashion-MNIST), not for digits.
/// </summary>
public sealed class RandomShift : Augmentation
{
    /// <summary>
    /// Shifts images of <paramref name="width"/> × <paramref name="height"/> pixels by up to <paramref name="maxShift"/>
    /// pixels, mirrored left to right half of the time when <paramref name="mirror"/> is set.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <paramref name="maxShift"/> is negative or not smaller than the image.</exception>
    public RandomShift(int width, int height, int maxShift, int channels = 1, bool mirror = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxShift, Math.Min(width, height));
        Width = width;
        Height = height;
        MaxShift = maxShift;
        Channels = channels;
        Mirror = mirror;
    }

    /// <summary>Pixels per image row.</summary>
    public int Width { get; }

    /// <summary>Image rows.</summary>
    public int Height { get; }

    /// <summary>Largest shift in either direction, in pixels.</summary>
    public int MaxShift { get; }

    /// <summary>Planes per image (1 for gray images).</summary>
    public int Channels { get; }

    /// <summary>Whether each image is mirrored left to right with probability ½ (before the shift).</summary>
    public bool Mirror { get; }

    /// <inheritdoc/>
    internal override void CheckFeatureCount(int featureCount)
    {
        if (featureCount != Channels * Width * Height)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"{nameof(MlpOptionsBase.Augmentation)}: {nameof(RandomShift)} takes images of {Channels} × {Height} × {Width} = {Channels * Width * Height} features, but the rows have {featureCount}."));
        }
    }

    /// <inheritdoc/>
    internal override void Apply(Matrix source, Matrix destination, Random random)
    {
        source.RequireSameShape(destination, nameof(destination));
        // A pooled buffer, not a field: one RandomShift may serve trainings running at once.
        float[]? mirrored = Mirror ? ArrayPool<float>.Shared.Rent(source.Cols) : null;
        try
        {
            for (int r = 0; r < source.Rows; r++)
            {
                int dx = random.Next(-MaxShift, MaxShift + 1);
                int dy = random.Next(-MaxShift, MaxShift + 1);
                ReadOnlySpan<float> image = source.Row(r);
                if (mirrored is not null && random.Next(2) == 1)
                {
                    Span<float> copy = mirrored.AsSpan(0, source.Cols);
                    MirrorRows(image, copy);
                    image = copy;
                }

                Shift(image, destination.Row(r), dx, dy);
            }
        }
        finally
        {
            if (mirrored is not null)
            {
                ArrayPool<float>.Shared.Return(mirrored);
            }
        }
    }

    /// <summary>Output pixel (x, y) of every plane is input pixel (width − 1 − x, y).</summary>
    internal void MirrorRows(ReadOnlySpan<float> image, Span<float> mirrored)
    {
        for (int row = 0; row < Channels * Height; row++)
        {
            image.Slice(row * Width, Width).CopyTo(mirrored.Slice(row * Width, Width));
            mirrored.Slice(row * Width, Width).Reverse();
        }
    }

    /// <summary>Output pixel (x, y) of every plane is input pixel (x − dx, y − dy), or 0 outside the image.</summary>
    internal void Shift(ReadOnlySpan<float> image, Span<float> shifted, int dx, int dy)
    {
        shifted.Clear();
        int columns = Width - Math.Abs(dx);
        int fromX = Math.Max(0, -dx);
        int toX = Math.Max(0, dx);
        int plane = Width * Height;
        for (int c = 0; c < Channels; c++)
        {
            for (int y = Math.Max(0, dy); y < Math.Min(Height, Height + dy); y++)
            {
                int from = (c * plane) + ((y - dy) * Width) + fromX;
                int to = (c * plane) + (y * Width) + toX;
                image.Slice(from, columns).CopyTo(shifted.Slice(to, columns));
            }
        }
    }
}

namespace Hw2.MLNet.Data;

/// <summary>
/// The one reader of an MNIST-format data set: an IDX image file and its IDX label file, raw or gzipped. Opening checks
/// both headers, that they hold the same number of items, and (for uncompressed files) that the files are as long as
/// their headers promise; <see cref="ReadRows"/> then streams the rows, checking each label against the data set's
/// classes and converting each image's pixels to features. <see cref="LabeledImages"/> (in memory) and
/// <see cref="IdxDataView"/> (streamed to ML.NET) both read through it, so they agree on every value and every error.
/// </summary>
internal sealed class IdxPair
{
    private const int ImagesHeaderBytes = 16;
    private const int LabelsHeaderBytes = 8;

    private IdxPair(string imagesPath, string labelsPath, int rowCount, int imageRows, int imageColumns, int classCount)
    {
        ImagesPath = imagesPath;
        LabelsPath = labelsPath;
        RowCount = rowCount;
        ImageRows = imageRows;
        ImageColumns = imageColumns;
        PixelsPerImage = imageRows * imageColumns;
        ClassCount = classCount;
    }

    /// <summary>The image file.</summary>
    public string ImagesPath { get; }

    /// <summary>The label file.</summary>
    public string LabelsPath { get; }

    /// <summary>Rows exposed: the files' item count, or fewer when a maximum was asked for.</summary>
    public int RowCount { get; }

    /// <summary>Pixel rows per image.</summary>
    public int ImageRows { get; }

    /// <summary>Pixel columns per image.</summary>
    public int ImageColumns { get; }

    /// <summary>Features per row.</summary>
    public int PixelsPerImage { get; }

    /// <summary>Labels are the classes 0 … <see cref="ClassCount"/> − 1.</summary>
    public int ClassCount { get; }

    /// <summary>Opens and checks the pair.</summary>
    /// <param name="imagesPath">IDX image file (magic 2051), raw or .gz.</param>
    /// <param name="labelsPath">IDX label file (magic 2049), raw or .gz.</param>
    /// <param name="classCount">Number of classes; a label byte at or above it is refused when read.</param>
    /// <param name="maxRows">Expose at most this many rows (the first ones); null exposes all.</param>
    /// <exception cref="InvalidDataException">A header is damaged, the files disagree, or a raw file is truncated (the message names the file).</exception>
    public static IdxPair Open(string imagesPath, string labelsPath, int classCount, int? maxRows)
    {
        if (maxRows is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "Must not be negative.");
        }

        if (classCount is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "An IDX label is one byte: between 1 and 256 classes.");
        }

        using Stream images = IdxReader.OpenDecompressed(imagesPath);
        int[] imageDims = IdxReader.ReadHeader(images, imagesPath, IdxReader.ImagesMagic, "images", 3);
        using Stream labels = IdxReader.OpenDecompressed(labelsPath);
        int[] labelDims = IdxReader.ReadHeader(labels, labelsPath, IdxReader.LabelsMagic, "labels", 1);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels; they must match.");
        }

        int pixelsPerImage = IdxReader.PixelsPerImage(imageDims, imagesPath);
        int rowCount = Math.Min(imageDims[0], maxRows ?? int.MaxValue);
        IdxReader.RequireRawLength(images, imagesPath, ImagesHeaderBytes, (long)rowCount * pixelsPerImage, $"{rowCount} images of {imageDims[1]}×{imageDims[2]} pixels");
        IdxReader.RequireRawLength(labels, labelsPath, LabelsHeaderBytes, rowCount, $"{rowCount} labels");
        return new IdxPair(imagesPath, labelsPath, rowCount, imageDims[1], imageDims[2], classCount);
    }

    /// <summary>A reader of the rows from the first; it opens only the files it is asked for.</summary>
    public Rows ReadRows(bool labels, bool pixels) => new(this, labels, pixels);

    /// <summary>
    /// The rows of a pair, one after another. <see cref="MoveNext"/> reads the next label and image; a truncated
    /// file or a label outside the classes is an <see cref="InvalidDataException"/> naming the file and the item.
    /// </summary>
    public sealed class Rows : IDisposable
    {
        private readonly IdxPair pair;
        private readonly Stream? labels;
        private readonly Stream? images;
        private readonly byte[] pixels;

        internal Rows(IdxPair pair, bool readLabels, bool readPixels)
        {
            this.pair = pair;
            pixels = new byte[readPixels ? pair.PixelsPerImage : 0];
            if (readLabels)
            {
                labels = IdxReader.OpenDecompressed(pair.LabelsPath);
                IdxReader.ReadHeader(labels, pair.LabelsPath, IdxReader.LabelsMagic, "labels", 1);
            }

            if (readPixels)
            {
                images = IdxReader.OpenDecompressed(pair.ImagesPath);
                IdxReader.ReadHeader(images, pair.ImagesPath, IdxReader.ImagesMagic, "images", 3);
            }
        }

        /// <summary>The 0-based row last read; −1 before the first.</summary>
        public long Position { get; private set; } = -1;

        /// <summary>The label of the row last read (when labels are read).</summary>
        public int Label { get; private set; }

        /// <summary>Reads the next row; false after the last one.</summary>
        public bool MoveNext()
        {
            if (Position + 1 >= pair.RowCount)
            {
                return false;
            }

            Position++;
            if (labels is not null)
            {
                int b = labels.ReadByte();
                if (b < 0)
                {
                    throw new InvalidDataException($"{pair.LabelsPath}: truncated at label {Position}.");
                }

                if (b >= pair.ClassCount)
                {
                    throw new InvalidDataException($"{pair.LabelsPath}: label {b} at item {Position} is not a class 0–{pair.ClassCount - 1}.");
                }

                Label = b;
            }

            if (images is not null)
            {
                try
                {
                    images.ReadExactly(pixels);
                }
                catch (EndOfStreamException e)
                {
                    throw new InvalidDataException($"{pair.ImagesPath}: truncated at image {Position}.", e);
                }
            }

            return true;
        }

        /// <summary>The pixels of the row last read as features: raw 0..255, or divided by 255 for <see cref="PixelScale.Unit"/>.</summary>
        public void CopyFeatures(Span<float> destination, PixelScale scale)
        {
            float divisor = scale == PixelScale.Unit ? 255f : 1f;
            for (int i = 0; i < pixels.Length; i++)
            {
                destination[i] = pixels[i] / divisor;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            images?.Dispose();
            labels?.Dispose();
        }
    }
}

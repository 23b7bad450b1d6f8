using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Data;

/// <summary>
/// An IDX image file and its label file as an ML.NET <see cref="IDataView"/> with two columns: <c>Label</c>
/// (<see cref="float"/>, the digit) and <c>Features</c> (<c>Vector&lt;Single, rows·cols&gt;</c>, pixels raw or /255).
/// Rows are streamed from the files by each cursor; nothing is held in memory. Headers are checked when the view is
/// created, and so is an uncompressed file's length, so a mismatch between the two files or a truncated file is
/// reported before any pipeline runs; a truncated gzip file, or a label above 9, when its row is read.
/// </summary>
public sealed class IdxDataView : IDataView
{
    private readonly string imagesPath;
    private readonly string labelsPath;
    private readonly float divisor;
    private readonly int pixelsPerImage;

    /// <summary>Opens the pair of files (raw or .gz) and checks their headers.</summary>
    /// <param name="imagesPath">IDX image file.</param>
    /// <param name="labelsPath">IDX label file.</param>
    /// <param name="scale">Pixel scaling.</param>
    /// <param name="maxRows">Expose at most this many rows (the first ones); null exposes all.</param>
    public IdxDataView(string imagesPath, string labelsPath, PixelScale scale = PixelScale.Unit, int? maxRows = null)
    {
        if (maxRows is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "Must not be negative.");
        }

        using Stream images = IdxReader.OpenDecompressed(imagesPath);
        int[] imageDims = IdxReader.ReadHeader(images, imagesPath, IdxReader.ImagesMagic, "images", 3);
        using Stream labels = IdxReader.OpenDecompressed(labelsPath);
        int[] labelDims = IdxReader.ReadHeader(labels, labelsPath, IdxReader.LabelsMagic, "labels", 1);
        if (imageDims[0] != labelDims[0])
        {
            throw new InvalidDataException($"{imagesPath} holds {imageDims[0]} images but {labelsPath} holds {labelDims[0]} labels; they must match.");
        }

        this.imagesPath = imagesPath;
        this.labelsPath = labelsPath;
        divisor = scale == PixelScale.Unit ? 255f : 1f;
        pixelsPerImage = IdxReader.PixelsPerImage(imageDims, imagesPath);
        RowCount = Math.Min(imageDims[0], maxRows ?? int.MaxValue);
        IdxReader.RequireRawLength(images, imagesPath, 16, (long)RowCount * pixelsPerImage, $"{RowCount} images of {imageDims[1]}×{imageDims[2]} pixels");
        IdxReader.RequireRawLength(labels, labelsPath, 8, RowCount, $"{RowCount} labels");
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Label", NumberDataViewType.Single);
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, pixelsPerImage));
        Schema = builder.ToSchema();
    }

    /// <summary>Number of rows exposed.</summary>
    public int RowCount { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public long? GetRowCount() => RowCount;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        bool labels = false, features = false;
        foreach (DataViewSchema.Column column in columnsNeeded)
        {
            labels |= column.Index == 0;
            features |= column.Index == 1;
        }

        return new Cursor(this, labels, features);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly IdxDataView view;
        private readonly Stream? images;
        private readonly Stream? labels;
        private readonly byte[] pixels;
        private float label;
        private long position = -1;

        public Cursor(IdxDataView view, bool readLabels, bool readFeatures)
        {
            this.view = view;
            pixels = new byte[readFeatures ? view.pixelsPerImage : 0];
            if (readLabels)
            {
                labels = IdxReader.OpenDecompressed(view.labelsPath);
                IdxReader.ReadHeader(labels, view.labelsPath, IdxReader.LabelsMagic, "labels", 1);
            }

            if (readFeatures)
            {
                images = IdxReader.OpenDecompressed(view.imagesPath);
                IdxReader.ReadHeader(images, view.imagesPath, IdxReader.ImagesMagic, "images", 3);
            }
        }

        public override DataViewSchema Schema => view.Schema;

        public override long Position => position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (position + 1 >= view.RowCount)
            {
                return false;
            }

            position++;
            if (labels is not null)
            {
                int b = labels.ReadByte();
                if (b < 0)
                {
                    throw new InvalidDataException($"{view.labelsPath}: truncated at label {position}.");
                }

                if (b > IdxReader.MaxLabel)
                {
                    throw IdxReader.NotADigit(view.labelsPath, b, position);
                }

                label = b;
            }

            if (images is not null)
            {
                try
                {
                    images.ReadExactly(pixels);
                }
                catch (EndOfStreamException e)
                {
                    throw new InvalidDataException($"{view.imagesPath}: truncated at image {position}.", e);
                }
            }

            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0 ? labels is not null : images is not null;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            }

            Delegate getter = column.Index == 0
                ? (ValueGetter<float>)((ref float value) => value = label)
                : (ValueGetter<VBuffer<float>>)ReadFeatures;
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Invalid TValue in GetGetter for column '{column.Name}': {typeof(TValue)}, expected {column.Type.RawType}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                images?.Dispose();
                labels?.Dispose();
            }

            base.Dispose(disposing);
        }

        private void ReadFeatures(ref VBuffer<float> value)
        {
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, pixels.Length);
            for (int i = 0; i < pixels.Length; i++)
            {
                editor.Values[i] = pixels[i] / view.divisor;
            }

            value = editor.Commit();
        }
    }
}

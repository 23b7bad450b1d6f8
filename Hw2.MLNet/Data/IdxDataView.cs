using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Data;

/// <summary>
/// An IDX image file and its label file as an ML.NET <see cref="IDataView"/> with two columns: <c>Label</c>
/// (<see cref="float"/>, the digit) and <c>Features</c> (<c>Vector&lt;Single, rows·cols&gt;</c>, pixels raw or /255).
/// Rows are streamed from the files by each cursor; nothing is held in memory. Headers are checked when the view is
/// created, and so is an uncompressed file's length, so a mismatch between the two files or a truncated file is
/// reported before any pipeline runs; a truncated gzip file, or a label that is not a class, when its row is read.
/// It reads through the same reader as <see cref="LabeledImages"/>, so both give the same values and errors.
/// </summary>
public sealed class IdxDataView : IDataView
{
    private readonly IdxPair pair;
    private readonly PixelScale scale;

    /// <summary>Opens the pair of files (raw or .gz) and checks their headers.</summary>
    /// <param name="imagesPath">IDX image file.</param>
    /// <param name="labelsPath">IDX label file.</param>
    /// <param name="scale">Pixel scaling.</param>
    /// <param name="maxRows">Expose at most this many rows (the first ones); null exposes all.</param>
    /// <param name="classCount">Number of classes (MNIST and Fashion-MNIST: 10); a label at or above it is refused when its row is read.</param>
    public IdxDataView(string imagesPath, string labelsPath, PixelScale scale = PixelScale.Unit, int? maxRows = null, int classCount = 10)
    {
        pair = IdxPair.Open(imagesPath, labelsPath, classCount, maxRows);
        this.scale = scale;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Label", NumberDataViewType.Single);
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, pair.PixelsPerImage));
        Schema = builder.ToSchema();
    }

    /// <summary>Number of rows exposed.</summary>
    public int RowCount => pair.RowCount;

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

    private sealed class Cursor(IdxDataView view, bool readLabels, bool readFeatures) : DataViewRowCursor
    {
        private readonly IdxPair.Rows rows = view.pair.ReadRows(readLabels, readFeatures);

        public override DataViewSchema Schema => view.Schema;

        public override long Position => rows.Position;

        public override long Batch => 0;

        public override bool MoveNext() => rows.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)rows.Position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0 ? readLabels : readFeatures;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            }

            Delegate getter = column.Index == 0
                ? (ValueGetter<float>)((ref float value) => value = rows.Label)
                : (ValueGetter<VBuffer<float>>)ReadFeatures;
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Invalid TValue in GetGetter for column '{column.Name}': {typeof(TValue)}, expected {column.Type.RawType}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rows.Dispose();
            }

            base.Dispose(disposing);
        }

        private void ReadFeatures(ref VBuffer<float> value)
        {
            VBufferEditor<float> editor = VBufferEditor.Create(ref value, view.pair.PixelsPerImage);
            rows.CopyFeatures(editor.Values, view.scale);
            value = editor.Commit();
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>
/// The scored cursor's own bookkeeping, on an input view that counts and tampers with its cursors: each row scored once
/// however often it is read, every cursor disposed, and a row of the wrong size or an input that loses rows named by row.
/// (The gaps of the mutation run over MLNet/Scoring listed in docs/testing.md.)
/// </summary>
[TestClass]
public sealed class ScoringCursorTests
{
    private readonly MLContext ml = new(seed: 1);

    private (MlpTransformer Model, IDataView Data) Trained()
    {
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 120, 1)).Transform(SyntheticData.View(ml, 120, 1));
        return (new MlpTrainer(ml, SyntheticData.SmallOptions(seed: 1)).Fit(data), data);
    }

    /// <summary>Row by row (a shuffled cursor): reading a row's score twice and its label once scores it once.</summary>
    [TestMethod]
    public void ARowIsScoredOnceHoweverOftenItIsRead()
    {
        (MlpTransformer model, IDataView data) = Trained();
        IDataView scored = model.Transform(data);
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema, new Random(1));
        var getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var getLabel = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        VBuffer<float> score = default;
        uint label = 0;
        for (int i = 0; i < 10 && cursor.MoveNext(); i++)
        {
            getScore(ref score);
            getLabel(ref label);
            getScore(ref score);
        }

        IRowScores scorer = ((MlpScoredCursor)cursor).Scorer!;
        Assert.IsInstanceOfType<RowScorer>(scorer);
        Assert.AreEqual(10L, scorer.RowsScored);
    }

    /// <summary>Disposing a scored cursor disposes the input's cursors it opened: the main one and, in blocks, the look-ahead.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void DisposingTheScoredCursorDisposesTheInputCursors(bool shuffled)
    {
        (MlpTransformer model, IDataView data) = Trained();
        var input = new TamperedView(data);
        IDataView scored = model.Transform(input);
        using (DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema, shuffled ? new Random(2) : null))
        {
            var getScore = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            VBuffer<float> score = default;
            cursor.MoveNext();
            getScore(ref score);
            Assert.AreEqual(shuffled ? 1 : 2, input.Opened, shuffled ? "row by row: the cursor itself" : "in blocks: the cursor and its look-ahead");
        }

        Assert.AreEqual(input.Opened, input.Disposed);
    }

    /// <summary>A row whose feature vector has the wrong length is named, in blocks and row by row.</summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ARowOfTheWrongSizeIsNamed(bool shuffled)
    {
        (MlpTransformer model, IDataView data) = Trained();
        IDataView scored = model.Transform(new TamperedView(data) { ShortRow = 20 });
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema, shuffled ? new Random(2) : null);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ReadEveryScore(cursor));
        Assert.AreEqual("Row 20: the feature vector has 3 values, expected 4.", ex.Message);
        Assert.AreEqual(20L, cursor.Position, "the rows before it are scored: the error comes at the row itself, not at the start of its block");
    }

    /// <summary>An input whose second cursor yields fewer rows than the first cannot be scored in blocks: said, with the row.</summary>
    [TestMethod]
    public void AnInputThatLosesRowsIsNamed()
    {
        (MlpTransformer model, IDataView data) = Trained();
        IDataView scored = model.Transform(new TamperedView(data) { LaterCursorRows = 5 });
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ReadEveryScore(cursor));
        Assert.AreEqual("Row 5: the input has fewer rows than the cursor that is scored; is the data view repeatable?", ex.Message);
    }

    /// <summary>A scored column the cursor was not asked for cannot be read.</summary>
    [TestMethod]
    public void AScoredColumnNotAskedForIsNotActive()
    {
        (MlpTransformer model, IDataView data) = Trained();
        IDataView scored = model.Transform(data);
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Label"]]);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]));
        Assert.AreEqual("Column 'Score' is not active in this cursor.", ex.Message);
    }

    /// <summary>Reads the <c>Score</c> of every row left in <paramref name="cursor"/>.</summary>
    private static void ReadEveryScore(DataViewRowCursor cursor)
    {
        var getScore = cursor.GetGetter<VBuffer<float>>(cursor.Schema["Score"]);
        VBuffer<float> score = default;
        while (cursor.MoveNext())
        {
            getScore(ref score);
        }
    }

    /// <summary>
    /// A view over another that counts its cursors and their disposal, and can hand out one short feature vector
    /// (<see cref="ShortRow"/>) or let every cursor after the first stop early (<see cref="LaterCursorRows"/>).
    /// </summary>
    private sealed class TamperedView(IDataView inner) : IDataView
    {
        public int Opened { get; private set; }

        public int Disposed { get; private set; }

        public long? ShortRow { get; init; }

        public long? LaterCursorRows { get; init; }

        public bool CanShuffle => inner.CanShuffle;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => inner.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            long? limit = Opened > 0 ? LaterCursorRows : null;
            Opened++;
            return new Cursor(this, inner.GetRowCursor(columnsNeeded, rand), limit);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor(TamperedView view, DataViewRowCursor inner, long? limit) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;

            public override long Position => inner.Position;

            public override long Batch => inner.Batch;

            public override bool MoveNext() => (limit is not long rows || inner.Position + 1 < rows) && inner.MoveNext();

            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                ValueGetter<TValue> getter = inner.GetGetter<TValue>(column);
                if (column.Name != "Features" || view.ShortRow is not long shortRow)
                {
                    return getter;
                }

                var features = (ValueGetter<VBuffer<float>>)(object)getter;
                ValueGetter<VBuffer<float>> tampered = (ref VBuffer<float> value) =>
                {
                    features(ref value);
                    if (inner.Position == shortRow)
                    {
                        value = new VBuffer<float>(3, value.DenseValues().Take(3).ToArray());
                    }
                };
                return (ValueGetter<TValue>)(object)tampered;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    view.Disposed++;
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}

using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Scores the rows of a cursor in blocks, one matrix product per layer per block instead of one per row: a second
/// cursor over the same input (same order, features only) reads ahead and fills the block, and the main cursor's
/// getters read the current row's scores from it. Blocks start at 16 rows and double up to 1024, so reading a few
/// rows scores a few rows. A row whose feature vector has the wrong length ends the block before it; the error is
/// raised when the main cursor reaches that row, naming it.
/// </summary>
internal sealed class BlockScorer : IRowScores
{
    private const int FirstBlock = 16;
    private const int MaxBlock = 1024;

    private readonly DataViewRow main;
    private readonly DataViewRowCursor lookahead;
    private readonly ValueGetter<VBuffer<float>> getFeatures;
    private readonly MlpNetwork network;
    private readonly OutputMap map;
    private readonly Matrix features;
    private readonly Matrix outputs;
    private VBuffer<float> buffer;
    private long blockStart = -1;
    private int blockCount;
    private int nextBlock = FirstBlock;

    public BlockScorer(ScoringBinding binding, DataViewRow main, DataViewRowCursor lookahead)
    {
        this.main = main;
        this.lookahead = lookahead;
        getFeatures = lookahead.GetGetter<VBuffer<float>>(lookahead.Schema[binding.FeatureColumn.Index]);
        network = binding.Transformer.CreateScoringNetwork();
        map = binding.Columns.Map;
        features = new Matrix(MaxBlock, network.Shape.InputSize);
        outputs = new Matrix(MaxBlock, network.Shape.OutputSize);
    }

    public long RowsScored { get; private set; }

    public ReadOnlySpan<float> Current() => outputs.Row(CurrentRow());

    /// <summary>The main cursor's row within the block, filling a new block when it has moved past this one.</summary>
    private int CurrentRow()
    {
        long position = main.Position;
        if (position < blockStart || position >= blockStart + blockCount)
        {
            Fill(position);
        }

        return (int)(position - blockStart);
    }

    private void Fill(long position)
    {
        if (position < lookahead.Position)
        {
            throw new InvalidOperationException($"Row {position}: the scoring cursor cannot go back to a row it has passed.");
        }

        int count = 0;
        while (count < nextBlock && MoveTo(position + count))
        {
            getFeatures(ref buffer);
            if (buffer.Length != features.Cols)
            {
                // The bad row ends the block; it is reported when the main cursor reaches it.
                if (count == 0)
                {
                    RowScorer.CheckFeatureCount(buffer.Length, features.Cols, position);
                }

                break;
            }

            buffer.CopyTo(features.Row(count));
            count++;
        }

        if (count == 0)
        {
            throw new InvalidOperationException($"Row {position}: the input has fewer rows than the cursor that is scored; is the data view repeatable?");
        }

        network.Predict(features.RowRange(0, count), outputs.RowRange(0, count), map);
        blockStart = position;
        blockCount = count;
        RowsScored += count;
        nextBlock = Math.Min(MaxBlock, nextBlock * 2);
    }

    /// <summary>Moves the look-ahead cursor forward to <paramref name="position"/>; false at the end of the input.</summary>
    private bool MoveTo(long position)
    {
        while (lookahead.Position < position)
        {
            if (!lookahead.MoveNext())
            {
                return false;
            }
        }

        return lookahead.Position == position;
    }
}

namespace Hw2.MLNet.Losses;

/// <summary>
/// Where the rows handed to <see cref="IOutputLoss{TTarget}.LossAndGradient"/> lie in their batch, when a batch is scored
/// block by block: the gradient is that of the mean loss over all <see cref="BatchRows"/> rows, and a bad target is
/// named by its row in the batch. The default value is a whole batch.
/// </summary>
/// <param name="FirstRow">The batch row of the block's first row.</param>
/// <param name="BatchRows">Rows in the whole batch; 0 for a whole batch (the rows handed over).</param>
internal readonly record struct BatchBlock(int FirstRow, int BatchRows)
{
    /// <summary>Rows in the batch of a block of <paramref name="blockRows"/> rows.</summary>
    public int RowsOfBatch(int blockRows) => BatchRows == 0 ? blockRows : BatchRows;
}
